/**
 * Line breaking done here rather than by pdfkit's LineWrapper: the table needs the lines anyway to
 * know a row's height before drawing it, to split a row taller than a page, and drawing measured
 * lines one by one (`lineBreak: false`) skips pdfkit's wrapping pass, which is what makes a
 * 10,000-row register fast enough. Widths come from the glyph shaper, as TextRun's glyphs do.
 */
import { BOLD, REGULAR } from './fonts.js';
import { widthMeasurer } from './glyphShaper.js';
import type { PdfDocument } from './pdfDocument.js';

export interface TextStyle {
  size: number;
  bold: boolean;
}

export const lineHeightOf = (size: number): number => size * 1.2;

export function useStyle(doc: PdfDocument, style: TextStyle): void {
  doc.font(style.bold ? BOLD : REGULAR);
  doc.fontSize(style.size);
}

/**
 * Breaks `text` into lines no wider than `width` in the document's current font and size, at
 * spaces, and inside words only when one is wider.
 */
export function wrapText(doc: PdfDocument, text: string, width: number): string[] {
  const widthOf = widthMeasurer(doc);
  // Most cells are one short line: no splitting, no per-word measuring.
  if (!text.includes('\n') && widthOf(text) <= width) return [text];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (widthOf(paragraph) <= width) {
      lines.push(paragraph);
      continue;
    }
    const spaceWidth = widthOf(' ');
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      let wordWidth = widthOf(word);
      if (line !== '' && lineWidth + spaceWidth + wordWidth <= width) {
        line += ` ${word}`;
        lineWidth += spaceWidth + wordWidth;
        continue;
      }
      if (line !== '') lines.push(line);
      let rest = word;
      // A word wider than the column (a long number, an e-mail address) is cut where it must be.
      while (wordWidth > width && rest.length > 1) {
        const cut = longestFittingPrefix(widthOf, rest, width);
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
        wordWidth = widthOf(rest);
      }
      line = rest;
      lineWidth = wordWidth;
    }
    lines.push(line);
  }
  return lines;
}

/** Binary search: the longest prefix (at least one character) that fits. */
function longestFittingPrefix(widthOf: (text: string) => number, word: string, width: number): number {
  let fits = 1;
  let tooLong = word.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (widthOf(word.slice(0, middle)) <= width) fits = middle;
    else tooLong = middle;
  }
  return fits;
}
