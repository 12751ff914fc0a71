/**
 * What a document's search text is made of. Folding (case and diacritics) is the store's neutral
 * rule, `engine/store/textFolding.ts`: text is folded there both when it is stored and when it is
 * searched for (`Bērziņš` and `berzins` match).
 */
import { fold, foldedSearchText, searchWords } from '../store/textFolding.js';

export { fold, searchWords };

/** A PostgreSQL tsquery matching every word as a prefix, or null when there is no word. */
export function prefixTsQuery(text: string): string | null {
  const words = searchWords(text);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null;
}

/** What a document's search matches: its number, subject, correspondent and attachment text. */
export function documentSearchText(parts: (string | null | undefined)[]): string {
  return foldedSearchText(parts);
}
