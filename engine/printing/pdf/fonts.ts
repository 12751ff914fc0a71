/**
 * The embedded Unicode font. pdfkit's built-in PDF fonts cover Latin-1 only, so Latvian,
 * Lithuanian, Czech and Cyrillic letters would vanish; DejaVu Sans prints them all (STACK-NOTES).
 * The files are read once per process and embedded, subset, into every PDF.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const REGULAR = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';

let cache: { regular: Buffer; bold: Buffer } | null = null;

export function dejaVuFonts(): { regular: Buffer; bold: Buffer } {
  if (!cache) {
    const require = createRequire(import.meta.url);
    cache = {
      regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    };
  }
  return cache;
}
