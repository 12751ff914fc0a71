/** Collecting every problem of an input before refusing it, with field names the forms show. */
import { Invalid, type Problem } from '../errors.js';

export class Problems {
  readonly list: Problem[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  /** A trimmed required text, at most `max` characters. */
  text(field: string, value: string | null | undefined, max: number): string {
    const text = value?.trim() ?? '';
    if (text === '') this.add(field, 'is required');
    else if (text.length > max) this.add(field, `may be at most ${max} characters long`);
    return text;
  }

  /** A trimmed optional text, or null. */
  optionalText(field: string, value: string | null | undefined, max: number): string | null {
    const text = value?.trim() ?? '';
    if (text.length > max) this.add(field, `may be at most ${max} characters long`);
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
    if (!valid) this.add(field, `"${value}" is not a date (YYYY-MM-DD)`);
    return valid ? value : null;
  }

  oneOf<T extends string>(field: string, value: string | null | undefined, allowed: readonly T[]): T | null {
    if (value === null || value === undefined) return null;
    if (!allowed.includes(value as T)) {
      this.add(field, `must be one of ${allowed.join(', ')}`);
      return null;
    }
    return value as T;
  }

  /** Throws Invalid with every problem collected so far. */
  check(message: string): void {
    if (this.list.length > 0) throw new Invalid(message, this.list);
  }
}

export { isUuid } from '../store/ids.js';
