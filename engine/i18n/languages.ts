/**
 * The languages Kanceleja speaks: one list for pages, mails, reports and the portal, so that a
 * language added here is offered everywhere or fails a test somewhere (each table is a
 * `Record<Language, …>`).
 */
export const LANGUAGES = ['lv', 'en', 'ru', 'lt', 'cs', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The institution's language: pages default to it, and mails to people who chose none. */
export const DEFAULT_LANGUAGE: Language = 'lv';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/**
 * The `Intl` locale of each language. English is British English: day before month. Plain `en` is
 * US English and would write 2 December as "12/02/2026", which a European reader takes for 12 February.
 */
export const INTL_LOCALES: Readonly<Record<Language, string>> = {
  lv: 'lv-LV',
  en: 'en-GB',
  ru: 'ru-RU',
  lt: 'lt-LT',
  cs: 'cs-CZ',
  kk: 'kk-KZ',
};

/** The language switch's label and each language's own name. */
export const LANGUAGE_LABELS: Readonly<Record<Language, { label: string; name: string }>> = {
  lv: { label: 'LV', name: 'Latviešu' },
  en: { label: 'EN', name: 'English' },
  ru: { label: 'RU', name: 'Русский' },
  lt: { label: 'LT', name: 'Lietuvių' },
  cs: { label: 'CS', name: 'Čeština' },
  kk: { label: 'KK', name: 'Қазақша' },
};
