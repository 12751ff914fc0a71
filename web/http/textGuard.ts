/**
 * Text that no store can keep as it was sent is refused at the edge, before any use case runs:
 * PostgreSQL refuses a NUL (`\u0000`) in text — a 500 deep inside a transaction — and silently turns
 * a lone surrogate (`\ud800`, not valid Unicode) into U+FFFD, changing what the user sent. One walk
 * over everything parsed from a request (body, query, path) names each such field, with a 400.
 */
import type { RequestHandler } from 'express';
import { Invalid, type Problem } from '../../engine/errors.js';
import { problem as problemOf } from '../../engine/kernel/problems.js';
import { apiLanguage, translator } from '../i18n/translate.js';

/** A problem's English text and its message code. */
type Said = readonly [message: string, code: string];

export const NUL_PROBLEM: Said = ['contains a NUL character', 'problem.nulCharacter'];
export const UNICODE_PROBLEM: Said = ['is not valid Unicode text', 'problem.invalidUnicode'];
export const ESCAPE_PROBLEM: Said = ['is not valid percent-encoded UTF-8', 'problem.badEscape'];

/** Why a string cannot be stored as sent, or null when it can. */
export function textProblem(text: string): Said | null {
  if (text.includes('\u0000')) return NUL_PROBLEM;
  // Node 20 has String.prototype.isWellFormed; the cast keeps the ES2022 lib of tsc happy.
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) return UNICODE_PROBLEM;
  return null;
}

/**
 * The problems of every string in `value`, keys included, each named by its path (`variables.a.0`);
 * `prefix` names the root. Walked with a stack, not recursion: a body nested thousands deep
 * must not overflow it. At most 20 problems are listed.
 */
export function textProblems(value: unknown, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const stack: [unknown, string][] = [[value, prefix]];
  while (stack.length > 0 && problems.length < 20) {
    const [item, field] = stack.pop() as [unknown, string];
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) problems.push(problemOf(field || undefined, ...problem));
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, child] of Object.entries(item)) {
        const path = field ? `${field}.${key}` : key;
        const problem = textProblem(key);
        if (problem) problems.push(problemOf(path, ...problem));
        else stack.push([child, path]);
      }
    }
  }
  return problems;
}

/**
 * Checks the parsed body, the query and each path segment of every request (pages, login and API
 * alike). A path segment that is no valid percent-encoding (`%E0%A4%A`) is refused here too: express
 * would throw a URIError when decoding it as a parameter.
 */
export function textGuard(): RequestHandler {
  return (req, _res, next) => {
    const problems: Problem[] = [];
    for (const segment of req.path.split('/')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        problems.push(problemOf('path', ...ESCAPE_PROBLEM));
        continue;
      }
      const problem = textProblem(decoded);
      if (problem) problems.push(problemOf('path', ...problem));
    }
    problems.push(...textProblems(req.query), ...textProblems(req.body));
    if (problems.length > 0) next(new Invalid(translator(apiLanguage(req))('api.invalidRequest'), problems));
    else next();
  };
}
