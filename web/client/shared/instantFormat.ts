/**
 * An instant in a page's language and time zone, as the server-rendered pages write it (`dateTime`
 * in web/pages/viewHelpers.ts). No DOM here: the browser bundles and the unit test share it.
 */
import { INTL_LOCALES } from '../../../engine/i18n/languages.js';

const LOCALES: Readonly<Record<string, string>> = INTL_LOCALES;

/** `at` in `language` and `timeZone` (medium date, short time); the browser's zone when none is named. */
export function formatInstant(at: Date, page: { language: string; timeZone: string | undefined }): string {
  try {
    return new Intl.DateTimeFormat(LOCALES[page.language] ?? (page.language || 'lv-LV'), {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: page.timeZone || undefined,
    }).format(at);
  } catch {
    // An unknown zone or language tag: still a readable instant, with its zone named.
    return at.toISOString();
  }
}
