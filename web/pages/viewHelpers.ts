/**
 * Handlebars helpers of the pages. Every helper returns plain strings, which Handlebars escapes;
 * the attribute helpers return fixed words only, so they may be marked safe.
 */
import type Handlebars from 'handlebars';
import { type Language, LANGUAGES, type MessageId, translator } from '../i18n/translate.js';
import { en } from '../i18n/en.js';

type HelperOptions = Handlebars.HelperOptions;

const LOCALES: Record<Language, string> = { lv: 'lv-LV', en: 'en-GB', ru: 'ru-RU' };

const languageOf = (options: HelperOptions): Language => {
  const lang: unknown = (options.data as { root?: { lang?: unknown } }).root?.lang;
  return (LANGUAGES as readonly unknown[]).includes(lang) ? (lang as Language) : 'lv';
};

export const isMessageId = (id: string): id is MessageId => id in en;

const zoneOf = (options: HelperOptions): string => {
  const zone: unknown = (options.data as { root?: { timeZone?: unknown } }).root?.timeZone;
  return typeof zone === 'string' ? zone : 'Europe/Riga';
};

/** A calendar date `YYYY-MM-DD` or an instant (shown in `timeZone`), in the user's locale. */
export function formatDate(value: unknown, language: Language, timeZone: string | null = null): string {
  if (value === null || value === undefined || value === '') return '';
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : new Date(value as string | number | Date);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'medium',
    ...(timeZone ? { timeStyle: 'short' } : {}),
    // Calendar dates are shown as written; instants in the institution's zone.
    timeZone: timeZone ?? 'UTC',
  }).format(date);
}

export function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper('t', function (id: unknown, options: HelperOptions) {
    const key = String(id);
    if (!isMessageId(key)) return key;
    return translator(languageOf(options))(key, options.hash as Record<string, string | number>);
  });
  /** `{{tk 'status.' value}}`: a message chosen by a data value, the value itself when unknown. */
  hbs.registerHelper('tk', function (prefix: unknown, value: unknown, options: HelperOptions) {
    const key = `${String(prefix)}${String(value)}`;
    return isMessageId(key) ? translator(languageOf(options))(key) : String(value ?? '');
  });
  hbs.registerHelper('date', (value: unknown, options: HelperOptions) =>
    formatDate(value, languageOf(options)),
  );
  hbs.registerHelper('dateTime', (value: unknown, options: HelperOptions) =>
    formatDate(value, languageOf(options), zoneOf(options)),
  );
  hbs.registerHelper('number', (value: unknown, options: HelperOptions) =>
    typeof value === 'number' ? new Intl.NumberFormat(LOCALES[languageOf(options)]).format(value) : '',
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper(
    'includes',
    (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value),
  );
  hbs.registerHelper('json', (value: unknown) => (value === undefined ? '' : JSON.stringify(value)));
  /** Boolean attributes cannot be written as `attr={{x}}`: any value turns them on. */
  hbs.registerHelper('selectedIf', (on: unknown) => new hbs.SafeString(on ? 'selected' : ''));
  hbs.registerHelper('checkedIf', (on: unknown) => new hbs.SafeString(on ? 'checked' : ''));
  hbs.registerHelper('openIf', (on: unknown) => new hbs.SafeString(on ? 'open' : ''));
  hbs.registerHelper('requiredIf', (on: unknown) => new hbs.SafeString(on ? 'required' : ''));
}
