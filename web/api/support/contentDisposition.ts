/**
 * `Content-Disposition` for a download: an ASCII `filename` for old clients and the exact name as
 * `filename*` (RFC 5987 / RFC 6266), so that `Iesniegums Nr. 5 — Bērziņš.pdf` arrives as it was.
 */

/** RFC 5987 attr-char allows `!#$&+-.^_`|~` besides letters and digits; encodeURIComponent leaves `'()*` too. */
const encodeRfc5987 = (value: string): string =>
  encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

const asciiFallback = (value: string): string =>
  value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');

export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  return `${disposition}; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
