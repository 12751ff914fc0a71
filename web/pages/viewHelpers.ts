/**
 * Handlebars helpers of the pages. Every helper returns plain strings, which Handlebars escapes;
 * the attribute helpers return fixed words only, so they may be marked safe.
 */
import type Handlebars from 'handlebars';
import { INTL_LOCALES } from '../../engine/i18n/languages.js';
import { type Language, LANGUAGES, type MessageId, translator } from '../i18n/translate.js';
import { en } from '../i18n/en.js';

type HelperOptions = Handlebars.HelperOptions;

const LOCALES = INTL_LOCALES;

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

/**
 * What a page's helpers note while its body is rendered, for the layout and for a second pass: the
 * first field marked with a problem (the notice above a refused form links to it) and the skip
 * targets the page declares (the layout offers a skip link to each).
 */
export interface RenderNotes {
  firstProblemField?: string;
  skipTargets: { id: string; label: string }[];
}

export const newRenderNotes = (): RenderNotes => ({ skipTargets: [] });

const notesOf = (options: HelperOptions): RenderNotes | null =>
  (options.data as { renderNotes?: RenderNotes } | undefined)?.renderNotes ?? null;

/**
 * A field's messages: `source` is either the form's problems by field (`keys` pick this field's,
 * several when the use case reports one field under several names) or the field's own list.
 */
function fieldMessages(source: unknown, keys: readonly unknown[]): string[] {
  if (Array.isArray(source)) return source.map(String);
  if (source === null || typeof source !== 'object') return [];
  return keys.flatMap((key) => {
    const messages = (source as Record<string, unknown>)[String(key)];
    return Array.isArray(messages) ? messages.map(String) : [];
  });
}

/** `{{helper source key… id=…}}`: the messages and the id of the field's element (default: the first key). */
function fieldArguments(args: unknown[]): { messages: string[]; id: string; options: HelperOptions } {
  const options = args[args.length - 1] as HelperOptions;
  const [source, ...keys] = args.slice(0, -1);
  const hash = options.hash as { id?: unknown };
  const id = String(hash.id ?? keys[0] ?? '');
  return { messages: fieldMessages(source, keys), id, options };
}

const errorId = (id: string, index: number): string =>
  index === 0 ? `${id}-error` : `${id}-error-${index + 1}`;

export function registerHelpers(hbs: typeof Handlebars): void {
  const escape = hbs.Utils.escapeExpression;
  /**
   * `{{fieldA11y problems 'subject'}}` on a field: `aria-invalid` and `aria-describedby` naming its
   * messages when it has a problem (`describedBy=` adds a hint that is always named; `id=` names the
   * messages after the field's element when its id is not the problem's key).
   */
  hbs.registerHelper('fieldA11y', function (...args: unknown[]) {
    const { messages, id, options } = fieldArguments(args);
    const hint = (options.hash as { describedBy?: unknown }).describedBy;
    const described = [
      ...(typeof hint === 'string' && hint !== '' ? [hint] : []),
      ...messages.map((_, index) => errorId(id, index)),
    ];
    if (messages.length > 0) {
      // The link target: the field itself, or `anchor=` where the messages belong to a group.
      const anchor = String((options.hash as { anchor?: unknown }).anchor ?? id);
      const notes = notesOf(options);
      if (notes && notes.firstProblemField === undefined && anchor !== '') notes.firstProblemField = anchor;
    }
    return new hbs.SafeString(
      [
        ...(messages.length > 0 ? [`aria-invalid='true'`] : []),
        ...(described.length > 0 ? [`aria-describedby='${escape(described.join(' '))}'`] : []),
      ].join(' '),
    );
  });
  /** `{{fieldError problems 'subject'}}`: the field's messages, each with the id `fieldA11y` names. */
  hbs.registerHelper('fieldError', function (...args: unknown[]) {
    const { messages, id } = fieldArguments(args);
    return new hbs.SafeString(
      messages
        .map(
          (message, index) =>
            `<p class='field-error' id='${escape(errorId(id, index))}'>${escape(message)}</p>`,
        )
        .join(''),
    );
  });
  /** In the notice above a refused form: a link to its first field with a problem. */
  hbs.registerHelper('firstProblemLink', function (options: HelperOptions) {
    const first = notesOf(options)?.firstProblemField;
    if (first === undefined) return '';
    const text = translator(languageOf(options))('form.firstProblem');
    return new hbs.SafeString(` <a href='#${escape(first)}'>${escape(text)}</a>`);
  });
  /** `<table {{skipTarget 'tasks' 'layout.skipToTasks'}}>`: the id, and a skip link in the layout. */
  hbs.registerHelper('skipTarget', function (id: unknown, label: unknown, options: HelperOptions) {
    const notes = notesOf(options);
    const target = { id: String(id), label: String(label) };
    if (notes && !notes.skipTargets.some((t) => t.id === target.id)) notes.skipTargets.push(target);
    return new hbs.SafeString(`id='${escape(target.id)}'`);
  });

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
  /** `{{idIf @first 'confidentiality'}}`: an id on one element of a loop (a group's first choice). */
  hbs.registerHelper('idIf', (on: unknown, id: unknown) =>
    on ? new hbs.SafeString(`id='${hbs.Utils.escapeExpression(String(id))}'`) : '',
  );
}
