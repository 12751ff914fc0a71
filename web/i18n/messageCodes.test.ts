/**
 * The engine's message codes against the six tables. Every problem and refusal raised in engine/
 * (and the web layer's own) names a message id and its values; the source is read here for the
 * code literals where they are raised:
 * - `new Invalid|NotFound|Forbidden|Conflict|TooLarge(message, [problems,] code, params)`,
 * - `problems.add(field, message, code, params)`, `problems.check(message, code, params)`,
 *   `problem(field, message, code, params)`, `coded(message, code, params)`,
 * - `{ message, code, params }` objects, and `[message, code, …]` pairs (their code only),
 * and, in engine/, any other string that looks like one (`problem.…`, `refusal.…`).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { messageValueNames } from '../../engine/i18n/icuMessage.js';
import { INTL_LOCALES, LANGUAGES } from '../../engine/i18n/languages.js';
import { isMessageId, translateEngineMessage } from './engineMessages.js';
import { formatMessage, TABLES, translator } from './translate.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CODE = /^(?:problem|refusal|incident)\.[A-Za-z]+$/;
/** Strings anywhere in engine/ that can only be message codes (`incident.created` is an event). */
const ONLY_A_CODE = /^(?:problem|refusal)\.[A-Za-z]+$/;
const ERRORS = new Set(['Invalid', 'NotFound', 'Forbidden', 'Conflict', 'TooLarge']);

interface Raised {
  where: string;
  code: string;
  /** The names of the values given, or null when they cannot be read from the source. */
  given: string[] | null;
  /** The English default, `${…}` left as `⟦expression⟧`; null when not a literal. */
  message: string | null;
  /** The expression of each value, by name. */
  values: Record<string, string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => path.join(dir, file))
    .filter((file) => !file.startsWith('web/i18n/') && !file.startsWith('web/client/'));
}

/** Every code raised in `file`, with what its call gives. */
function raisedIn(file: string, catchAll: boolean): Raised[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const constants = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (ts.isIdentifier(declaration.name) && init && ts.isStringLiteralLike(init))
        constants.set(declaration.name.text, init.text);
    }
  }
  const messageOf = (node: ts.Node | undefined): string | null => {
    if (!node) return null;
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isIdentifier(node)) return constants.get(node.text) ?? null;
    if (ts.isTemplateExpression(node))
      return (
        node.head.text +
        node.templateSpans.map((span) => `⟦${span.expression.getText(source)}⟧${span.literal.text}`).join('')
      );
    return null;
  };
  const valuesOf = (node: ts.Node | undefined): Pick<Raised, 'given' | 'values'> => {
    if (!node) return { given: [], values: {} };
    if (!ts.isObjectLiteralExpression(node)) return { given: null, values: {} };
    const values: Record<string, string> = {};
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property))
        values[property.name.getText(source).replace(/^'|'$/g, '')] = property.initializer.getText(source);
      else if (ts.isShorthandPropertyAssignment(property)) values[property.name.text] = property.name.text;
      else return { given: null, values: {} };
    }
    return { given: Object.keys(values), values };
  };
  const found: Raised[] = [];
  const seen = new Set<ts.Node>();
  const add = (
    codeNode: ts.Node | undefined,
    messageNode: ts.Node | undefined,
    paramsNode: ts.Node | undefined,
  ) => {
    if (!codeNode || !ts.isStringLiteral(codeNode)) return;
    seen.add(codeNode);
    const where = `${file}:${source.getLineAndCharacterOfPosition(codeNode.getStart(source)).line + 1}`;
    found.push({ where, code: codeNode.text, message: messageOf(messageNode), ...valuesOf(paramsNode) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ERRORS.has(node.expression.text)) {
      const args = node.arguments ?? [];
      const at = node.expression.text === 'Invalid' ? 2 : 1;
      add(args[at], args[0], args[at + 1]);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : '';
      const args = node.arguments;
      if (name === 'add' || name === 'problem') add(args[2], args[1], args[3]);
      else if (name === 'check' || name === 'coded') add(args[1], args[0], args[2]);
    } else if (ts.isObjectLiteralExpression(node)) {
      const property = (key: string) =>
        node.properties.find(
          (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === key,
        )?.initializer;
      // Other codes live beside a message too (an intake problem's `archive_refused`): only ours count.
      const code = property('code');
      if (property('message') && code && ts.isStringLiteral(code) && CODE.test(code.text))
        add(code, property('message'), property('params'));
    } else if (ts.isArrayLiteralExpression(node) && node.elements.length >= 2) {
      // A `[message, code, …]` pair is completed where it is raised: only its code is checked.
      const code = node.elements[1];
      if (code && ts.isStringLiteral(code) && CODE.test(code.text)) {
        add(code, undefined, undefined);
        const last = found[found.length - 1];
        if (last) last.given = null;
      }
    } else if (catchAll && ts.isStringLiteral(node) && ONLY_A_CODE.test(node.text) && !seen.has(node)) {
      add(node, undefined, undefined);
      const last = found[found.length - 1];
      if (last) last.given = null;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const raised: Raised[] = [
  ...sourceFiles('engine').flatMap((file) => raisedIn(file, true)),
  ...sourceFiles('web').flatMap((file) => raisedIn(file, false)),
];

/** Where the engine's English differs from the page's English, on purpose. */
const OWN_ENGLISH = new Set([
  'problem.required', // `is required` beside a field; the pages write `Required.`
]);

describe('the message codes of the engine', () => {
  it('are found in the source', () => {
    expect(raised.length).toBeGreaterThan(300);
    expect(raised.some((r) => r.code === 'refusal.systemReads')).toBe(true);
  });

  it('each have a text in the six tables', () => {
    const unknown = raised.filter((r) => !isMessageId(r.code)).map((r) => `${r.where} ${r.code}`);
    expect(unknown).toEqual([]);
  });

  it('give every value their texts name, in every language', () => {
    const wrong: string[] = [];
    for (const r of raised) {
      if (r.given === null || !isMessageId(r.code)) continue;
      for (const language of LANGUAGES) {
        const missing = messageValueNames(TABLES[language][r.code], INTL_LOCALES[language]).filter(
          (name) => !r.given?.includes(name),
        );
        if (missing.length > 0) wrong.push(`${r.where} ${r.code} (${language}) needs ${missing.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('say in English by default what en.ts says with the same values', () => {
    let compared = 0;
    const differ: string[] = [];
    for (const r of raised) {
      if (r.message === null || r.given === null || OWN_ENGLISH.has(r.code) || !isMessageId(r.code)) continue;
      // Each value gets a sample; the default's `${expression}` becomes the sample of its value.
      const samples = Object.fromEntries(r.given.map((name, index) => [name, `v${index}x`]));
      const byExpression = new Map(r.given.map((name) => [r.values[name], samples[name]]));
      let unreadable = false;
      const english = r.message.replace(/⟦([^⟧]*)⟧/g, (_, expression: string) => {
        const sample = byExpression.get(expression);
        if (sample === undefined) unreadable = true;
        return sample ?? '';
      });
      if (unreadable) continue;
      // A value given as a literal stands in the default as itself.
      const values = Object.fromEntries(
        r.given.map((name) => {
          const expression = r.values[name] ?? '';
          const literal = /^'(.*)'$|^(\d+)$/.exec(expression);
          return [name, literal ? (literal[1] ?? literal[2] ?? '') : (samples[name] ?? '')];
        }),
      );
      compared += 1;
      const text = formatMessage('en', r.code, values);
      if (text !== english) differ.push(`${r.where} ${r.code}: "${english}" ≠ "${text}"`);
    }
    expect(differ).toEqual([]);
    expect(compared).toBeGreaterThan(200);
  });
});

describe('an engine message in the reader’s language', () => {
  it('is said by its code, with its values', () => {
    const said = {
      message: 'is before the registration date 2026-03-02',
      code: 'problem.beforeRegistration',
      params: { date: '2026-03-02' },
    };
    expect(translateEngineMessage(said, translator('lv'))).toBe(
      'ir agrāks par reģistrācijas datumu 2026-03-02',
    );
    expect(translateEngineMessage(said, translator('en'))).toBe(said.message);
  });

  it('is shown as the engine wrote it without a code, or with one the tables do not know', () => {
    expect(translateEngineMessage({ message: 'the moon is made of cheese' }, translator('lv'))).toBe(
      'the moon is made of cheese',
    );
    expect(translateEngineMessage({ message: 'odd', code: 'problem.noSuchThing' }, translator('ru'))).toBe(
      'odd',
    );
  });
});
