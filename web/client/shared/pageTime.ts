/**
 * Instants as the server-rendered pages show them (`dateTime` in web/pages/viewHelpers.ts): in the
 * page's language and the institution's time zone (`<html lang data-time-zone>`), never the
 * browser's own zone, which on a server-side browser or a laptop abroad is not the institution's.
 */

import { formatInstant } from './instantFormat.js';

/** `at` as this page shows instants. */
export function pageDateTime(at: Date): string {
  const root = document.documentElement;
  return formatInstant(at, { language: root.lang, timeZone: root.dataset.timeZone });
}
