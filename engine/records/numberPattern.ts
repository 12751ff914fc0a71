/**
 * Registration number patterns: literal text with tokens, e.g. `3-12/{yyyy}/{seq}`,
 * `ADM/1-10-1/{yy}/{seq}`, `IES-{yyyy}/{seq:4}`, `{register}-{dept}-{seq:6}/{yyyy}`.
 */
import { Invalid, type Problem } from '../errors.js';

export interface NumberParts {
  sequence: number;
  year: number;
  registerCode: string;
  departmentCode: string | null;
}

const TOKEN = /\{([a-z]+)(?::(\d+))?\}/g;
const KNOWN = ['seq', 'yyyy', 'yy', 'register', 'dept'];

/** Problems with a pattern, empty when it is usable. */
export function numberPatternProblems(pattern: string, options: { hasDepartment: boolean }): Problem[] {
  const problems: Problem[] = [];
  const tokens = [...pattern.matchAll(TOKEN)];
  const unknown = tokens.map((t) => t[1] ?? '').filter((name) => !KNOWN.includes(name));
  if (unknown.length > 0) {
    problems.push({
      field: 'numberPattern',
      message: `unknown token ${unknown.map((u) => `{${u}}`).join(', ')}; use {seq}, {seq:4}, {yyyy}, {yy}, {register}, {dept}`,
      code: 'problem.patternUnknownToken',
      params: { tokens: unknown.map((u) => `{${u}}`).join(', ') },
    });
  }
  const sequences = tokens.filter((t) => t[1] === 'seq');
  if (sequences.length !== 1) {
    problems.push({
      field: 'numberPattern',
      message: 'must contain {seq} (or {seq:N}) exactly once',
      code: 'problem.patternSeqOnce',
    });
  }
  const width = Number(sequences[0]?.[2] ?? 0);
  if (width > 10)
    problems.push({
      field: 'numberPattern',
      message: '{seq:N}: N may be at most 10',
      code: 'problem.patternWidth',
    });
  if (tokens.some((t) => t[1] !== 'seq' && t[2] !== undefined)) {
    problems.push({
      field: 'numberPattern',
      message: 'only {seq} takes a width',
      code: 'problem.patternWidthOnlySeq',
    });
  }
  if (!options.hasDepartment && tokens.some((t) => t[1] === 'dept')) {
    problems.push({
      field: 'numberPattern',
      message: '{dept} needs the register to belong to a department',
      code: 'problem.patternDept',
    });
  }
  if (pattern.replace(TOKEN, '').includes('{') || pattern.replace(TOKEN, '').includes('}')) {
    problems.push({
      field: 'numberPattern',
      message: 'has a brace that is not part of a token',
      code: 'problem.patternBrace',
    });
  }
  if (pattern.length > 100)
    problems.push({
      field: 'numberPattern',
      message: 'may be at most 100 characters long',
      code: 'problem.tooLong',
      params: { max: 100 },
    });
  return problems;
}

export function assertNumberPattern(pattern: string, options: { hasDepartment: boolean }): void {
  const problems = numberPatternProblems(pattern, options);
  if (problems.length > 0)
    throw new Invalid('The number pattern cannot be used.', problems, 'refusal.numberPattern');
}

/** The registration number for one document. */
/** Whether numbers of `pattern` carry the register's department code (`{dept}`). */
export const usesDepartmentCode = (pattern: string): boolean =>
  [...pattern.matchAll(TOKEN)].some((token) => token[1] === 'dept');

export function formatRegistrationNumber(pattern: string, parts: NumberParts): string {
  return pattern.replace(TOKEN, (_match, name: string, width: string | undefined) => {
    switch (name) {
      case 'seq':
        return String(parts.sequence).padStart(Number(width ?? 0), '0');
      case 'yyyy':
        return String(parts.year).padStart(4, '0');
      case 'yy':
        return String(parts.year % 100).padStart(2, '0');
      case 'register':
        return parts.registerCode;
      case 'dept':
        return parts.departmentCode ?? '';
      default:
        throw new Invalid(`unknown token {${name}} in the number pattern`, [], 'refusal.unknownToken', {
          token: `{${name}}`,
        });
    }
  });
}
