/**
 * Search ignores case and diacritics on every database alike: text is folded here, in one place,
 * both when it is stored and when it is searched for (`Bērziņš` and `berzins` match).
 */

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a search, folded; only letters and digits, so they are safe inside a tsquery. */
export function searchWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
}

/** A PostgreSQL tsquery matching every word as a prefix, or null when there is no word. */
export function prefixTsQuery(text: string): string | null {
  const words = searchWords(text);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null;
}

/** What a document's search matches: its number, subject, correspondent and attachment text. */
export function documentSearchText(parts: (string | null | undefined)[]): string {
  return fold(parts.filter((part): part is string => Boolean(part)).join(' \n '));
}
