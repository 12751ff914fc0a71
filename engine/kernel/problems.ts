/**
 * What the use cases say when they refuse input: each problem carries a message code (a message id
 * of the pages' tables, web/i18n/en.ts: `problem.required`, `refusal.systemReads`, …) and the
 * values of its placeholders, so that the edge writes it in the reader's language. The English
 * `message` is the default, for logs, for API clients that ask for no language, and for the few
 * problems that have no code.
 */
import { Invalid } from '../errors.js';

/** The values of a message's placeholders: `{ max: 200 }` for `may be at most {max} characters long`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** One problem with one field of the input, e.g. `{ field: 'code', message: 'already taken' }`. */
export interface Problem {
  field?: string;
  /** The English default. */
  message: string;
  /** The message id that says it in every language; none for a message without a catalog entry. */
  code?: string;
  params?: MessageParams;
}

/** A problem, with its code and values only where it has them (the API omits what is absent). */
export function problem(
  field: string | undefined,
  message: string,
  code?: string,
  params?: MessageParams,
): Problem {
  return {
    ...(field === undefined ? {} : { field }),
    message,
    ...(code === undefined ? {} : { code }),
    ...(params === undefined ? {} : { params }),
  };
}

/** Collecting every problem of an input before refusing it, with field names the forms show. */
export class Problems {
  readonly list: Problem[] = [];

  add(field: string, message: string, code?: string, params?: MessageParams): void {
    this.list.push(problem(field, message, code, params));
  }

  /** A trimmed required text, at most `max` characters. */
  text(field: string, value: string | null | undefined, max: number): string {
    const text = value?.trim() ?? '';
    if (text === '') this.add(field, 'is required', 'problem.required');
    else if (text.length > max)
      this.add(field, `may be at most ${max} characters long`, 'problem.tooLong', { max });
    return text;
  }

  /** A trimmed optional text, or null. */
  optionalText(field: string, value: string | null | undefined, max: number): string | null {
    const text = value?.trim() ?? '';
    if (text.length > max)
      this.add(field, `may be at most ${max} characters long`, 'problem.tooLong', { max });
    return text === '' ? null : text;
  }

  /** An optional calendar date `YYYY-MM-DD`, or null. */
  date(field: string, value: string | null | undefined): string | null {
    if (value === null || value === undefined || value === '') return null;
    const parsed = new Date(`${value}T00:00:00Z`);
    // `2025-02-30` parses to 2 March: only a date that reads back the same is one.
    const valid =
      /^\d{4}-\d{2}-\d{2}$/.test(value) &&
      !Number.isNaN(parsed.getTime()) &&
      parsed.toISOString().startsWith(value);
    if (!valid) this.add(field, `"${value}" is not a date (YYYY-MM-DD)`, 'problem.notDate', { value });
    return valid ? value : null;
  }

  oneOf<T extends string>(field: string, value: string | null | undefined, allowed: readonly T[]): T | null {
    if (value === null || value === undefined) return null;
    if (!allowed.includes(value as T)) {
      this.add(field, `must be one of ${allowed.join(', ')}`, 'problem.oneOf', {
        values: allowed.join(', '),
      });
      return null;
    }
    return value as T;
  }

  /** Throws Invalid with every problem collected so far; `code` and `params` say `message` in any language. */
  check(message: string, code?: string, params?: MessageParams): void {
    if (this.list.length > 0) throw new Invalid(message, this.list, code, params);
  }
}
