/**
 * Resolves a user task's `camunda:dueDate` value (after expression evaluation): an ISO 8601 date or
 * date-time is taken as it is, a calendar date (`2026-12-07`) means the end of that day in the
 * institution's time zone, an ISO 8601 duration counts from `now` (the injected clock).
 */
import { zonedInstant } from '../../kernel/zonedTime.js';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LAST_MINUTE_MS = 59_999;
const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `now` plus the ISO 8601 duration `text` (calendar months and years in UTC), or null if not one. */
export function addIsoDuration(now: Date, text: string): Date | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  const due = new Date(now.getTime());
  due.setUTCFullYear(due.getUTCFullYear() + (years ?? 0), due.getUTCMonth() + (months ?? 0));
  const ms = ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000;
  return new Date(due.getTime() + ms + Math.round((seconds ?? 0) * 1000));
}

/** The due date `value` stands for, or an Error saying why it is none. */
export function resolveDueDate(value: unknown, now: Date, timeZone = 'UTC'): Date | Error {
  if (value instanceof Date) return value;
  if (typeof value !== 'string')
    return new Error(`due date ${JSON.stringify(value)} is not a date or duration`);
  const fromDuration = addIsoDuration(now, value);
  if (fromDuration) return fromDuration;
  // "Due on the 7th" is met by work done on the 7th: the task is overdue only once that day is over.
  if (CALENDAR_DATE.test(value.trim())) {
    const endOfDay = zonedInstant(value.trim(), '23:59', timeZone);
    if (!Number.isNaN(endOfDay.getTime())) return new Date(endOfDay.getTime() + LAST_MINUTE_MS);
  }
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime())
    ? new Error(`due date "${value}" is neither an ISO 8601 date nor a duration`)
    : date;
}
