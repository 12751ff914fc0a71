/**
 * Translates the body of a Camunda-7-style `${...}` expression into FEEL, so that one safe
 * evaluator (feelin) runs both syntaxes. Only the small, common part of the expression language is
 * translated: variable paths, literals, comparisons, `&&` `||` `!`, arithmetic and parentheses.
 * Anything else (method calls, `?:`, indexing, `empty`) is refused with a readable reason rather than
 * guessed at, because a wrong guess would route a document down the wrong branch.
 */

export type Translation = { ok: true; feel: string } | { ok: false; problem: string };

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'name'; text: string }
  | { kind: 'op'; text: string };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '(', ')', ',', '.'];

/** EL keywords with a direct FEEL counterpart. */
const KEYWORD_OPERATORS: Record<string, string> = {
  and: 'and',
  or: 'or',
  eq: '=',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
};
const LITERAL_NAMES = new Set(['true', 'false', 'null']);
const UNSUPPORTED_KEYWORDS = new Set(['empty', 'div', 'mod', 'instanceof']);

class Untranslatable extends Error {}

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < body.length) {
    const char = body.charAt(at);
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    if (char === "'" || char === '"') {
      let value = '';
      let end = at + 1;
      while (end < body.length && body.charAt(end) !== char) {
        if (body.charAt(end) === '\\' && end + 1 < body.length) end += 1;
        value += body.charAt(end);
        end += 1;
      }
      if (end >= body.length) throw new Untranslatable('a string literal is not closed');
      tokens.push({ kind: 'string', value });
      at = end + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(body.slice(at));
    if (number) {
      tokens.push({ kind: 'number', text: number[0] });
      at += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body.slice(at));
    if (name) {
      tokens.push({ kind: 'name', text: name[0] });
      at += name[0].length;
      continue;
    }
    const operator = OPERATORS.find((op) => body.startsWith(op, at));
    if (!operator) throw new Untranslatable(`"${char}" is not supported inside \${...}`);
    tokens.push({ kind: 'op', text: operator });
    at += operator.length;
  }
  return tokens;
}

const isOperator = (token: Token | undefined, text: string): boolean =>
  token?.kind === 'op' && token.text === text;

/** Joins translated parts with single spaces, except around `.` and inside parentheses. */
function joinFeel(parts: string[]): string {
  let feel = '';
  let previous = '';
  for (const part of parts) {
    const glued =
      feel === '' || previous === '(' || previous === '.' || part === '.' || part === ')' || part === ',';
    feel += glued ? part : ` ${part}`;
    previous = part;
  }
  return feel;
}

const feelString = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Recursive descent over the tokens; `!x` needs its operand, so it cannot be a plain token map. */
class Translator {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  translateAll(): string {
    const parts: string[] = [];
    while (this.at < this.tokens.length) parts.push(this.translateNext());
    return joinFeel(parts);
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private translateNext(): string {
    const token = this.peek();
    if (!token) throw new Untranslatable('the expression ends too early');
    if (token.kind === 'op' && token.text === '!') {
      this.at += 1;
      return `not(${this.translateOperand()})`;
    }
    if (token.kind === 'name' && token.text === 'not') {
      this.at += 1;
      return `not(${this.translateOperand()})`;
    }
    this.at += 1;
    switch (token.kind) {
      case 'string':
        return feelString(token.value);
      case 'number':
        return token.text;
      case 'name':
        return this.translateName(token.text);
      case 'op':
        return this.translateOperator(token.text);
    }
  }

  private translateName(name: string): string {
    const keyword = KEYWORD_OPERATORS[name];
    if (keyword) return keyword;
    if (LITERAL_NAMES.has(name)) return name;
    if (UNSUPPORTED_KEYWORDS.has(name)) throw new Untranslatable(`"${name}" is not supported inside \${...}`);
    const next = this.peek();
    if (next?.kind === 'op' && next.text === '(') {
      throw new Untranslatable(`calling "${name}(...)" is not supported inside \${...}`);
    }
    return name;
  }

  private translateOperator(operator: string): string {
    if (operator === '==') return '=';
    if (operator === '&&') return 'and';
    if (operator === '||') return 'or';
    return operator;
  }

  /** The operand of a negation: a parenthesised group, a negation, or a literal / variable path. */
  private translateOperand(): string {
    const token = this.peek();
    if (!token) throw new Untranslatable('"!" has nothing to negate');
    if (token.kind === 'op' && token.text === '(') {
      this.at += 1;
      const inner: string[] = [];
      while (!isOperator(this.peek(), ')')) {
        if (!this.peek()) throw new Untranslatable('a parenthesis is not closed');
        inner.push(this.translateNext());
      }
      this.at += 1;
      return joinFeel(inner);
    }
    if ((token.kind === 'op' && token.text === '!') || (token.kind === 'name' && token.text === 'not')) {
      return this.translateNext();
    }
    if (token.kind === 'op') throw new Untranslatable(`"!" cannot negate "${token.text}"`);
    let operand = this.translateNext();
    while (isOperator(this.peek(), '.') && this.peek(1)?.kind === 'name') {
      this.at += 1;
      operand += `.${this.translateNext()}`;
    }
    return operand;
  }
}

/** The FEEL equivalent of a `${...}` body, or why it has none. */
export function translateElToFeel(body: string): Translation {
  try {
    const tokens = tokenize(body);
    if (tokens.length === 0) return { ok: false, problem: '${} is empty' };
    return { ok: true, feel: new Translator(tokens).translateAll() };
  } catch (error) {
    if (error instanceof Untranslatable) return { ok: false, problem: error.message };
    throw error;
  }
}

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expression'; body: string };

/**
 * Splits `Dear ${name}, ...` into text and `${...}` bodies. Returns null when a `${` is not closed.
 * A `}` inside a quoted string does not close the expression.
 */
export function splitTemplate(text: string): TemplatePart[] | null {
  const parts: TemplatePart[] = [];
  let at = 0;
  while (at < text.length) {
    // Camunda 7 writes `#{…}` as well as `${…}` (JUEL's deferred form): both mean the same here.
    const dollar = text.indexOf('${', at);
    const hash = text.indexOf('#{', at);
    const start = dollar < 0 ? hash : hash < 0 ? dollar : Math.min(dollar, hash);
    if (start < 0) {
      parts.push({ kind: 'text', text: text.slice(at) });
      break;
    }
    if (start > at) parts.push({ kind: 'text', text: text.slice(at, start) });
    let end = start + 2;
    let quote: string | null = null;
    while (end < text.length) {
      const char = text.charAt(end);
      if (quote) {
        if (char === '\\') end += 1;
        else if (char === quote) quote = null;
      } else if (char === "'" || char === '"') {
        quote = char;
      } else if (char === '}') {
        break;
      }
      end += 1;
    }
    if (end >= text.length) return null;
    parts.push({ kind: 'expression', body: text.slice(start + 2, end) });
    at = end + 1;
  }
  return parts;
}
