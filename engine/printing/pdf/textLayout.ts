/**
 * Line breaking done here rather than by pdfkit's LineWrapper: the table needs the lines anyway to
 * know a row's height before drawing it, to split a row taller than a page, and drawing measured
 * lines one by one (`lineBreak: false`) skips pdfkit's wrapping pass, which is what makes a
 * 10,000-row register fast enough.
 */
import { BOLD, REGULAR } from './fonts.js';

/** The part of PDFKit.PDFDocument that measuring needs. */
export interface Measurer {
  font(name: string): unknown;
  fontSize(size: number): unknown;
  widthOfString(text: string): number;
}

export interface TextStyle {
  size: number;
  bold: boolean;
}

export const lineHeightOf = (size: number): number => size * 1.2;

export function useStyle(doc: Measurer, style: TextStyle): void {
  doc.font(style.bold ? BOLD : REGULAR);
  doc.fontSize(style.size);
}

/** Breaks `text` into lines no wider than `width`, at spaces, and inside words only when one is wider. */
export function wrapText(doc: Measurer, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (doc.widthOfString(paragraph) <= width) {
      lines.push(paragraph);
      continue;
    }
    const spaceWidth = doc.widthOfString(' ');
    let line = '';
    let lineWidth = 0;
    for (const word of paragraph.split(' ')) {
      if (word === '') continue;
      let wordWidth = doc.widthOfString(word);
      if (line !== '' && lineWidth + spaceWidth + wordWidth <= width) {
        line += ` ${word}`;
        lineWidth += spaceWidth + wordWidth;
        continue;
      }
      if (line !== '') lines.push(line);
      let rest = word;
      // A word wider than the column (a long number, an e-mail address) is cut where it must be.
      while (wordWidth > width && rest.length > 1) {
        const cut = longestFittingPrefix(doc, rest, width);
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
        wordWidth = doc.widthOfString(rest);
      }
      line = rest;
      lineWidth = wordWidth;
    }
    lines.push(line);
  }
  return lines;
}

/** Binary search: the longest prefix (at least one character) that fits. */
function longestFittingPrefix(doc: Measurer, word: string, width: number): number {
  let fits = 1;
  let tooLong = word.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (doc.widthOfString(word.slice(0, middle)) <= width) fits = middle;
    else tooLong = middle;
  }
  return fits;
}
