/**
 * How search ignores case and diacritics, on every store alike: text is folded here, in one place,
 * both when it is stored (a document's search text, a correspondent's name) and when it is searched
 * for, so `Bērziņš` and `berzins` match. An adapter compares folded text with folded text and needs
 * no collation, extension or locale of its own.
 */

/** Lower case, without diacritics (`Ķekava` → `kekava`). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The words of a search, folded; only letters and digits (so they are safe inside a query
 * language), at most twelve. How a document's search text must hold them is the port's promise
 * (`DocumentFilter.text` in recordPorts.ts).
 */
export function searchWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 12);
}

/** A search text made of `parts` (empty ones left out), folded: what search words are looked for in. */
export function foldedSearchText(parts: readonly (string | null | undefined)[]): string {
  return fold(parts.filter((part): part is string => Boolean(part)).join(' \n '));
}
