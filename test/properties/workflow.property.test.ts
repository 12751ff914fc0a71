/**
 * Properties of what diagrams and the audit trail rely on, for every input: ISO 8601 timer values,
 * the translation of Camunda `${…}` expressions into FEEL (it must compute what the expression
 * means, or refuse it — never route a document down a branch the designer did not mean), and the
 * audit chain's hashing. Replay a failure with `FC_SEED=<seed>`.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  canonicalJson,
  chainHash,
  type ChainedContent,
  GENESIS_HASH,
} from '../../engine/audit/auditChain.js';
import type { JsonValue } from '../../engine/store/ports.js';
import { checkTimerValue, isIsoDateTime, isIsoDuration } from '../../engine/workflow/deployment/isoTimer.js';
import { evaluateExpression } from '../../engine/workflow/expressions.js';
import { testSeed } from '../support/testSeed.js';

const seed = testSeed('FC_SEED');
const runs = (numRuns: number) => ({ numRuns, ...(seed === undefined ? {} : { seed }) });

describe('ISO 8601 timer values', () => {
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');

  it('accept a date exactly when the calendar has it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2200 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${pad(month)}-${pad(day)}`;
          const probe = new Date(Date.UTC(year, month - 1, day));
          const exists = probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
          expect(isIsoDateTime(text)).toBe(exists);
          expect(isIsoDateTime(`${text}T09:30:00Z`)).toBe(exists);
        },
      ),
      runs(400),
    );
  });

  it('refuse hours, minutes and seconds out of range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (hour, minute, second) => {
          const valid = hour < 24 && minute < 60 && second < 60;
          expect(isIsoDateTime(`2026-03-02T${pad(hour)}:${pad(minute)}:${pad(second)}Z`)).toBe(valid);
        },
      ),
      runs(300),
    );
  });

  const duration = fc
    .record(
      {
        Y: fc.integer({ min: 0, max: 5 }),
        M: fc.integer({ min: 0, max: 24 }),
        W: fc.integer({ min: 0, max: 10 }),
        D: fc.integer({ min: 0, max: 400 }),
        H: fc.integer({ min: 0, max: 48 }),
        Mi: fc.integer({ min: 0, max: 120 }),
        S: fc.integer({ min: 0, max: 120 }),
      },
      { requiredKeys: [] },
    )
    .filter((parts) => Object.keys(parts).length > 0)
    .map((parts) => {
      const date = (['Y', 'M', 'W', 'D'] as const).map((k) => (k in parts ? `${parts[k]}${k}` : '')).join('');
      const time = [
        'H' in parts ? `${parts.H}H` : '',
        'Mi' in parts ? `${parts.Mi}M` : '',
        'S' in parts ? `${parts.S}S` : '',
      ].join('');
      return `P${date}${time ? `T${time}` : ''}`;
    });

  it('accept every duration built from its parts, and cycles of them', () => {
    fc.assert(
      fc.property(duration, fc.option(fc.integer({ min: 1, max: 99 })), (value, repeat) => {
        expect(isIsoDuration(value)).toBe(true);
        expect(checkTimerValue('timeDuration', value)).toBeNull();
        expect(checkTimerValue('timeCycle', `R${repeat ?? ''}/${value}`)).toBeNull();
      }),
      runs(300),
    );
  });

  it('refuse cron and free text as cycles', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        fc.pre(!/^R\d*\//.test(text.trim()));
        expect(checkTimerValue('timeCycle', text)).not.toBeNull();
      }),
      runs(300),
    );
    expect(checkTimerValue('timeCycle', '0 0 9 * * ?')).not.toBeNull();
  });
});

/** A small expression language: integer and boolean expressions over variables a, b, c. */
type Expr =
  | { kind: 'int'; value: number }
  | { kind: 'var'; name: 'a' | 'b' | 'c' }
  | { kind: 'arith'; op: '+' | '-' | '*'; left: Expr; right: Expr }
  | { kind: 'compare'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; left: Expr; right: Expr }
  | { kind: 'logic'; op: '&&' | '||'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr }
  | { kind: 'bool'; value: boolean };

const { intExpr } = fc.letrec<{ intExpr: Expr }>((tie) => ({
  intExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 0, max: 50 }).map((value): Expr => ({ kind: 'int', value })),
    fc.constantFrom<'a' | 'b' | 'c'>('a', 'b', 'c').map((name): Expr => ({ kind: 'var', name })),
    fc
      .tuple(fc.constantFrom<'+' | '-' | '*'>('+', '-', '*'), tie('intExpr'), tie('intExpr'))
      .map(([op, left, right]): Expr => ({ kind: 'arith', op, left, right })),
  ),
}));

const { boolExpr } = fc.letrec<{ boolExpr: Expr }>((tie) => ({
  boolExpr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().map((value): Expr => ({ kind: 'bool', value })),
    fc
      .tuple(fc.constantFrom('==', '!=', '<', '<=', '>', '>=' as const), intExpr, intExpr)
      .map(([op, left, right]): Expr => ({ kind: 'compare', op, left, right })),
    fc
      .tuple(fc.constantFrom<'&&' | '||'>('&&', '||'), tie('boolExpr'), tie('boolExpr'))
      .map(([op, left, right]): Expr => ({ kind: 'logic', op, left, right })),
    tie('boolExpr').map((operand): Expr => ({ kind: 'not', operand })),
  ),
}));

/** The expression as a designer writes it in Camunda Modeler, fully parenthesised. */
function written(expr: Expr): string {
  switch (expr.kind) {
    case 'int':
    case 'bool':
      return String(expr.value);
    case 'var':
      return expr.name;
    case 'not':
      return `!(${written(expr.operand)})`;
    default:
      return `(${written(expr.left)} ${expr.op} ${written(expr.right)})`;
  }
}

/** What the expression means, computed in JavaScript. */
function meaning(expr: Expr, vars: Record<'a' | 'b' | 'c', number>): number | boolean {
  switch (expr.kind) {
    case 'int':
    case 'bool':
      return expr.value;
    case 'var':
      return vars[expr.name];
    case 'not':
      return !meaning(expr.operand, vars);
    case 'arith': {
      const [l, r] = [meaning(expr.left, vars) as number, meaning(expr.right, vars) as number];
      return expr.op === '+' ? l + r : expr.op === '-' ? l - r : l * r;
    }
    case 'compare': {
      const [l, r] = [meaning(expr.left, vars) as number, meaning(expr.right, vars) as number];
      const results = { '==': l === r, '!=': l !== r, '<': l < r, '<=': l <= r, '>': l > r, '>=': l >= r };
      return results[expr.op];
    }
    case 'logic': {
      const [l, r] = [meaning(expr.left, vars) as boolean, meaning(expr.right, vars) as boolean];
      return expr.op === '&&' ? l && r : l || r;
    }
  }
}

describe('${…} expressions translated to FEEL', () => {
  const variables = fc.record({
    a: fc.integer({ min: -20, max: 20 }),
    b: fc.integer({ min: -20, max: 20 }),
    c: fc.integer({ min: -20, max: 20 }),
  });

  it('compute what the expression means, for conditions and for values', () => {
    fc.assert(
      fc.property(fc.oneof(boolExpr, intExpr), variables, (expr, vars) => {
        expect(evaluateExpression(`\${${written(expr)}}`, vars)).toEqual(meaning(expr, vars));
      }),
      runs(300),
    );
  });

  it('read the keyword operators (and, or, eq, lt, …) as their symbols', () => {
    const keywords: Record<string, string> = {
      '&&': 'and',
      '||': 'or',
      '==': 'eq',
      '!=': 'ne',
      '<': 'lt',
      '>': 'gt',
      '<=': 'le',
      '>=': 'ge',
    };
    fc.assert(
      fc.property(boolExpr, variables, (expr, vars) => {
        const text = written(expr).replace(/&&|\|\||==|!=|<=|>=|<|>/g, (op) => ` ${keywords[op] ?? op} `);
        expect(evaluateExpression(`\${${text}}`, vars)).toEqual(meaning(expr, vars));
      }),
      runs(200),
    );
  });

  it('fill templates with the values, leaving the text around them unchanged', () => {
    const text = fc.string({ maxLength: 10 }).map((value) => value.replace(/[$]/g, ''));
    fc.assert(
      fc.property(text, intExpr, text, variables, (before, expr, after, vars) => {
        // A text that starts with `=` is FEEL as a whole, not a template.
        fc.pre((before.trim() !== '' || after.trim() !== '') && !before.trimStart().startsWith('='));
        const filled = evaluateExpression(`${before}\${${written(expr)}}${after}`, vars);
        expect(filled).toBe(`${before}${String(meaning(expr, vars))}${after}`);
      }),
      runs(200),
    );
  });
});

describe('the audit chain', () => {
  const json: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;
  const event: fc.Arbitrary<ChainedContent> = fc.record({
    seq: fc.integer({ min: 1, max: 1_000_000 }),
    occurredAt: fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2100-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    actorId: fc.option(fc.uuid()),
    actorName: fc.string({ maxLength: 20 }),
    onBehalfOfId: fc.option(fc.uuid()),
    action: fc.string({ minLength: 1, maxLength: 20 }),
    objectType: fc.string({ minLength: 1, maxLength: 20 }),
    objectId: fc.option(fc.uuid()),
    details: fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 5 }),
  });

  /** The same object with its keys in another order, as a database's jsonb may return it. */
  function reordered(value: JsonValue): JsonValue {
    if (Array.isArray(value)) return value.map(reordered);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([key, inner]) => [key, reordered(inner)]),
      );
    }
    return value;
  }

  it('hashes the content, not the order of its keys', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(reordered(value))).toBe(canonicalJson(value));
      }),
      runs(300),
    );
    fc.assert(
      fc.property(event, (e) => {
        const details = reordered(e.details) as ChainedContent['details'];
        expect(chainHash(GENESIS_HASH, { ...e, details })).toBe(chainHash(GENESIS_HASH, e));
      }),
      runs(200),
    );
  });

  it('detects a change to any field of any event in a chain, at that event', () => {
    const change = fc.constantFrom(
      'actorName',
      'action',
      'objectType',
      'occurredAt',
      'details',
      'seq' as const,
    );
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        change,
        (events, pick, field) => {
          const hashes: string[] = [];
          events.reduce((prev, e) => {
            const hash = chainHash(prev, e);
            hashes.push(hash);
            return hash;
          }, GENESIS_HASH);
          const at = pick % events.length;
          const original = events[at] as ChainedContent;
          const tampered: ChainedContent = {
            ...original,
            ...(field === 'occurredAt'
              ? { occurredAt: new Date(original.occurredAt.getTime() + 1) }
              : field === 'seq'
                ? { seq: original.seq + 1 }
                : field === 'details'
                  ? { details: { ...original.details, tampered: true } }
                  : { [field]: `${original[field]}x` }),
          };
          const prev = at === 0 ? GENESIS_HASH : (hashes[at - 1] as string);
          expect(chainHash(prev, tampered)).not.toBe(hashes[at]);
        },
      ),
      runs(200),
    );
  });
});
