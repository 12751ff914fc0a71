/**
 * The designer's libraries in the page's language: bpmn-js and diagram-js (palette, context pad,
 * replace menu, search), the properties panel with the Camunda 7 provider, bpmn-js-bpmnlint and
 * the form-js editor's properties groups. Each library asks its `translate` service for a text by
 * its English template (`Create start event`, `Open {element}`); the tables answer it per
 * language. English is the libraries' own text, and a template a table lacks stays English.
 */
import { isLanguage, type Language } from '../../../../engine/i18n/languages.js';
import { cs } from './cs.js';
import { kk } from './kk.js';
import { lt } from './lt.js';
import { lv } from './lv.js';
import { ru } from './ru.js';

/** English template → the text in one language, with the same `{placeholders}`. */
export type DesignerTable = Readonly<Record<string, string>>;

/** The languages the designer is translated into; English is the libraries' own. */
export const DESIGNER_TABLES: Readonly<Record<Exclude<Language, 'en'>, DesignerTable>> = {
  lv,
  ru,
  lt,
  cs,
  kk,
};

/** diagram-js's signature: `translate('Open {element}', { element: 'Sub-process' })`. */
export type Translate = (template: string, replacements?: Record<string, unknown>) => string;

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** The `{name}` placeholders of a template, sorted: a translation must keep every one of them. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '').sort();
}

/** The translating function for one language, as diagram-js's own `translate` fills templates. */
export function designerTranslate(language: Language): Translate {
  const table: DesignerTable = language === 'en' ? {} : DESIGNER_TABLES[language];
  return (template, replacements = {}) =>
    (table[template] ?? template).replace(PLACEHOLDER, (whole, key: string) =>
      key in replacements ? String(replacements[key]) : whole,
    );
}

/** The bpmn-js / form-js module that overrides the `translate` service with `language`'s table. */
export function translateModule(language: Language): { translate: ['value', Translate] } {
  return { translate: ['value', designerTranslate(language)] };
}

/** The page's language (`<html lang>`), or Latvian, the pages' default. */
export function pageLanguage(): Language {
  const lang = document.documentElement.lang;
  return isLanguage(lang) ? lang : 'lv';
}
