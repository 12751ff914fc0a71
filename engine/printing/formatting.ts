/**
 * Dates and numbers as the reader's locale writes them, through `Intl`. Calendar dates
 * (`YYYY-MM-DD`) are formatted in UTC so that no time zone can move them by a day; instants (the
 * "generated at" time, history entries) in the institution's time zone.
 */
import { INTL_LOCALES as LANGUAGE_LOCALES } from '../i18n/languages.js';
import type { PrintLocale } from './labels.js';

export interface Formatter {
  /** `2026-03-05` → `05.03.2026.` (lv), `05.03.2026` (ru), `05/03/2026` (en). Empty for null. */
  date(value: string | null): string;
  /** An instant with minutes, in the time zone. */
  dateTime(value: Date | string | null): string;
  number(value: number | null, fractionDigits?: number): string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The `Intl` locale of a print language (engine/i18n/languages.ts). */
export const INTL_LOCALES: Readonly<Record<PrintLocale, string>> = LANGUAGE_LOCALES;

export function createFormatter(printLocale: PrintLocale, timeZone: string): Formatter {
  const locale = INTL_LOCALES[printLocale];
  const dates = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  });
  const dateTimes = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
  const numbers = new Map<number, Intl.NumberFormat>();
  // A register holds a few hundred distinct dates; Intl formatting each of its 40,000 date cells was measurable.
  const formattedDates = new Map<string, string>();
  return {
    date(value) {
      if (value === null || value === '') return '';
      // A value that is not a calendar date is printed as it is rather than as "Invalid Date".
      if (!ISO_DATE.test(value)) return value;
      let formatted = formattedDates.get(value);
      if (formatted === undefined) {
        formatted = dates.format(new Date(`${value}T00:00:00Z`));
        if (formattedDates.size < 10_000) formattedDates.set(value, formatted);
      }
      return formatted;
    },
    dateTime(value) {
      if (value === null || value === '') return '';
      const instant = typeof value === 'string' ? new Date(value) : value;
      return Number.isNaN(instant.getTime()) ? String(value) : dateTimes.format(instant);
    },
    number(value, fractionDigits = 0) {
      if (value === null || !Number.isFinite(value)) return '';
      let format = numbers.get(fractionDigits);
      if (!format) {
        format = new Intl.NumberFormat(locale, {
          minimumFractionDigits: fractionDigits,
          maximumFractionDigits: fractionDigits,
        });
        numbers.set(fractionDigits, format);
      }
      return format.format(value);
    },
  };
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
