/**
 * The process instance view draws its history in the browser: its times are written in the
 * institution's time zone (`<html data-time-zone>`), as every server-rendered page writes them, not
 * in the browser's own zone (UTC on a server, anything on a laptop abroad).
 */
import { describe, expect, it } from '@jest/globals';
import { formatInstant } from '../../web/client/shared/instantFormat.js';

describe('times on the instance view', () => {
  const at = new Date('2026-03-02T08:14:09.112Z');

  it("writes an instant in the institution's zone and the page's language", () => {
    expect(formatInstant(at, { language: 'en', timeZone: 'Europe/Riga' })).toBe('2 Mar 2026, 10:14');
    expect(formatInstant(at, { language: 'lv', timeZone: 'Europe/Riga' })).toContain('10:14');
    expect(formatInstant(at, { language: 'ru', timeZone: 'Europe/Riga' })).toContain('10:14');
    expect(formatInstant(at, { language: 'en', timeZone: 'Asia/Almaty' })).toMatch(/1[34]:14$/);
  });

  it('falls back to a readable instant for a zone it does not know', () => {
    expect(formatInstant(at, { language: 'en', timeZone: 'Mars/Olympus' })).toBe('2026-03-02T08:14:09.112Z');
  });
});
