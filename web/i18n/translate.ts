/**
 * The translation layer: message ids to strings in every language of engine/i18n/languages.ts, and
 * the choice of language for a request (the `lang` cookie the user picked, else the browser's
 * Accept-Language, else Latvian).
 * Strings are ICU MessageFormat (engine/i18n/icuMessage.ts).
 */
import type { Request } from 'express';
import { formatIcu } from '../../engine/i18n/icuMessage.js';
import {
  DEFAULT_LANGUAGE,
  INTL_LOCALES,
  isLanguage,
  LANGUAGES,
  type Language,
} from '../../engine/i18n/languages.js';
import { cs } from './cs.js';
import { en, type MessageId } from './en.js';
import { kk } from './kk.js';
import { lt } from './lt.js';
import { lv } from './lv.js';
import { ru } from './ru.js';

export type { MessageId } from './en.js';
export { DEFAULT_LANGUAGE, LANGUAGES, type Language };

export const TABLES: Readonly<Record<Language, Readonly<Record<MessageId, string>>>> = {
  lv,
  en,
  ru,
  lt,
  cs,
  kk,
};

export type Translate = (id: MessageId, values?: Readonly<Record<string, string | number>>) => string;

/** The message ids a table has no string for (a test keeps this empty for every language). */
export const missingMessages = (table: Partial<Record<MessageId, string>>): MessageId[] =>
  (Object.keys(en) as MessageId[]).filter((id) => table[id] === undefined);

/** Formats one message; the catalog test formats every string of every language with it. */
export const formatMessage = (
  language: Language,
  id: MessageId,
  values: Readonly<Record<string, string | number>> = {},
): string => formatIcu(TABLES[language][id], INTL_LOCALES[language], values);

export function translator(language: Language): Translate {
  return (id, values) => formatMessage(language, id, values);
}

function cookieLanguage(header: string | undefined): Language | null {
  const match = /(?:^|;\s*)lang=([a-z]{2})(?:;|$)/.exec(header ?? '');
  return match?.[1] && isLanguage(match[1]) ? match[1] : null;
}

/** The best language of an Accept-Language header, by its q-values; null when none is ours. */
export function acceptedLanguage(header: string | undefined): Language | null {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return {
        language: tag.trim().toLowerCase().split('-')[0] ?? '',
        q: q === undefined ? 1 : Number(q),
        index,
      };
    })
    .filter((entry) => entry.q > 0 && isLanguage(entry.language))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const best = ranked[0]?.language;
  return best && isLanguage(best) ? best : null;
}

/** The language the request asked for (the `lang` cookie, else Accept-Language), or null. */
export function statedLanguage(req: Request): Language | null {
  return cookieLanguage(req.get('cookie')) ?? acceptedLanguage(req.get('accept-language'));
}

export function requestLanguage(req: Request): Language {
  return statedLanguage(req) ?? DEFAULT_LANGUAGE;
}

/**
 * The language of a JSON API answer: the one the request names, else English (the README's promise:
 * scripts and integrations get the engine's English unless they ask; pages default to Latvian).
 */
export function apiLanguage(req: Request): Language {
  return statedLanguage(req) ?? 'en';
}
