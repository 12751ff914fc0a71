/**
 * The page catalog in every language: each message id has a string, each string is a message ICU
 * MessageFormat can read, and no string asks for a value its message is never given (the English
 * string is the statement of which values a message gets).
 */
import { describe, expect, it } from '@jest/globals';
import { messageValueNames } from '../../engine/i18n/icuMessage.js';
import { LANGUAGES } from '../../engine/i18n/languages.js';
import { en, type MessageId } from './en.js';
import { formatMessage, missingMessages, TABLES } from './translate.js';

const ids = Object.keys(en) as MessageId[];

const valueNames = (text: string, language: string): string[] =>
  [...messageValueNames(text, language)].sort();

describe.each(LANGUAGES)('the %s catalog', (language) => {
  const table = TABLES[language];

  it('has a string for every message id and no other', () => {
    expect(missingMessages(table)).toEqual([]);
    expect(Object.keys(table).filter((id) => !(id in en))).toEqual([]);
  });

  it('reads every string as ICU MessageFormat, naming only the values the message is given', () => {
    const wrong: string[] = [];
    for (const id of ids) {
      try {
        const extra = valueNames(table[id], language).filter(
          (name) => !valueNames(en[id], 'en').includes(name),
        );
        if (extra.length > 0) wrong.push(`${id}: names ${extra.join(', ')}`);
      } catch (error) {
        wrong.push(`${id}: ${(error as Error).message}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('formats every string with its values, leaving no placeholder unfilled', () => {
    // The tokens of a number pattern (`{seq}`, `{yyyy}`) are quoted text, printed as written.
    const braces = (text: string) => (text.match(/\{[\w:]+\}/g) ?? []).sort().join(' ');
    const unfilled = ids.filter((id) => {
      const values = Object.fromEntries(valueNames(en[id], 'en').map((name) => [name, 3]));
      return braces(formatMessage(language, id, values)) !== braces(formatMessage('en', id, values));
    });
    expect(unfilled).toEqual([]);
  });
});
