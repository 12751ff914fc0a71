/**
 * The report markup: a small XML-like language of a few elements that a Handlebars template renders
 * to. It is parsed here, by hand, because it needs only elements, attributes, text, comments and the
 * entities Handlebars escapes with (`&amp; &lt; &gt; &quot; &#x27; &#x60; &#x3D;`): HTML escaping,
 * Handlebars' default, is therefore exactly the escaping this format needs.
 */

export interface MarkupElement {
  name: string;
  attributes: Record<string, string>;
  children: MarkupNode[];
  /** 1-based line in the rendered markup, for error messages. */
  line: number;
}

export type MarkupNode = MarkupElement | string;

export class MarkupError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'MarkupError';
  }
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};
const NAME = /^[a-z][a-z0-9-]*$/;

function decodeEntities(text: string, line: number): string {
  // Most text holds no entity at all: every cell of every row comes through here.
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#')) {
      const codePoint = entity.startsWith('#x')
        ? parseInt(entity.slice(2), 16)
        : parseInt(entity.slice(1), 10);
      if (codePoint > 0x10ffff) throw new MarkupError(`${whole} is not a character`, line);
      return String.fromCodePoint(codePoint);
    }
    const named = NAMED_ENTITIES[entity];
    if (named === undefined) throw new MarkupError(`unknown entity ${whole}`, line);
    return named;
  });
}

function lineAt(source: string, index: number, from: number, startLine: number): number {
  let line = startLine;
  // indexOf rather than a loop over every character: each row's markup passes through here.
  for (let i = source.indexOf('\n', from); i !== -1 && i < index; i = source.indexOf('\n', i + 1)) line += 1;
  return line;
}

const ATTRIBUTE = /([a-z][a-z0-9-]*)\s*=\s*("([^"]*)"|'([^']*)')/gy;

function parseAttributes(text: string, line: number): Record<string, string> {
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  let position = 0;
  while (position < text.length) {
    while (position < text.length && /\s/.test(text[position] ?? '')) position += 1;
    if (position >= text.length) break;
    ATTRIBUTE.lastIndex = position;
    const match = ATTRIBUTE.exec(text);
    if (!match) throw new MarkupError(`cannot read the attributes "${text.slice(position).trim()}"`, line);
    const name = match[1] ?? '';
    if (name in attributes) throw new MarkupError(`attribute ${name} is given twice`, line);
    attributes[name] = decodeEntities(match[3] ?? match[4] ?? '', line);
    position = ATTRIBUTE.lastIndex;
  }
  return attributes;
}

/**
 * Parses markup that may hold several top-level elements (a row template renders one `<row>`, the
 * document several blocks). Whitespace-only text between elements is dropped.
 */
export function parseMarkup(source: string, firstLine = 1): MarkupNode[] {
  const root: MarkupElement = { name: '#root', attributes: {}, children: [], line: firstLine };
  const stack: MarkupElement[] = [root];
  let position = 0;
  let line = firstLine;
  const top = (): MarkupElement => stack[stack.length - 1] ?? root;

  while (position < source.length) {
    const next = source.indexOf('<', position);
    const textEnd = next === -1 ? source.length : next;
    if (textEnd > position) {
      const text = source.slice(position, textEnd);
      if (text.trim() !== '') top().children.push(decodeEntities(text, line));
      line = lineAt(source, textEnd, position, line);
      position = textEnd;
      continue;
    }
    if (source.startsWith('<!--', position)) {
      const end = source.indexOf('-->', position);
      if (end === -1) throw new MarkupError('comment <!-- is not closed with -->', line);
      line = lineAt(source, end + 3, position, line);
      position = end + 3;
      continue;
    }
    const close = source.indexOf('>', position);
    if (close === -1) throw new MarkupError('a tag is not closed with >', line);
    const tag = source.slice(position + 1, close);
    const tagLine = line;
    line = lineAt(source, close + 1, position, line);
    position = close + 1;

    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = top();
      if (open === root) throw new MarkupError(`</${name}> closes nothing`, tagLine);
      if (open.name !== name) {
        throw new MarkupError(
          `</${name}> found where </${open.name}> (opened on line ${open.line}) was expected`,
          tagLine,
        );
      }
      stack.pop();
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameEnd = body.search(/\s|$/);
    const name = body.slice(0, nameEnd);
    if (!NAME.test(name)) throw new MarkupError(`"<${tag}>" is not a tag`, tagLine);
    const element: MarkupElement = {
      name,
      attributes: parseAttributes(body.slice(nameEnd), tagLine),
      children: [],
      line: tagLine,
    };
    top().children.push(element);
    if (!selfClosing) stack.push(element);
  }
  const unclosed = top();
  if (unclosed !== root) throw new MarkupError(`<${unclosed.name}> is never closed`, unclosed.line);
  return root.children;
}

/** The text inside an element, whitespace collapsed; `<br/>` becomes a line break. */
export function textOf(element: MarkupElement): string {
  let text = '';
  for (const child of element.children) {
    if (typeof child === 'string') text += child.replace(/\s+/g, ' ');
    else if (child.name === 'br') text += '\n';
    else text += textOf(child);
  }
  // One line (most cells) needs only the trim.
  if (!text.includes('\n')) return text.trim();
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}
