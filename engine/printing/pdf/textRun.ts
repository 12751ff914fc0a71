/**
 * Writes many already-measured lines of text as one block of PDF operators. pdfkit's `text()`
 * wraps every call in save / transform / restore and allocates a buffer per operator; for a
 * 10,000-row register (100,000 cell lines) that was about a quarter of the time and most of the
 * garbage. The glyph encoding and kerning are still pdfkit's (`font.encode`), so the output is what
 * `text()` would write. Relies on pdfkit 0.20 internals (`_font`, `page.fonts`); where they are
 * missing it falls back to `text()`.
 */
import type { PdfDocument } from './pdfDocument.js';

interface EmbeddedFont {
  id: string;
  ascender: number;
  encode(
    text: string,
  ): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  ref(): unknown;
}

interface DocumentInternals {
  _font?: EmbeddedFont;
  page: { height: number; fonts?: Record<string, unknown> };
}

const number = (value: number): string => String(Math.round(value * 100) / 100);

export class TextRun {
  private operators: string[] = [];
  private currentFont: string | null = null;

  constructor(private readonly doc: PdfDocument) {}

  /** Adds `text` with its top-left corner at (x, y), in the font and size currently set on the document. */
  add(text: string, x: number, y: number): void {
    const internals = this.doc as unknown as DocumentInternals;
    const font = internals._font;
    const size = (this.doc as unknown as { _fontSize: number })._fontSize;
    if (!font || typeof font.encode !== 'function' || !internals.page.fonts) {
      this.doc.text(text, x, y, { lineBreak: false });
      return;
    }
    internals.page.fonts[font.id] ??= font.ref();
    const [encoded, positions] = font.encode(text);
    const scale = size / 1000;
    const baseline = internals.page.height - y - (font.ascender / 1000) * size;
    const fontKey = `${font.id} ${size}`;
    if (fontKey !== this.currentFont) {
      this.operators.push(`/${font.id} ${number(size)} Tf`);
      this.currentFont = fontKey;
    }
    this.operators.push(`1 0 0 1 ${number(x)} ${number(baseline)} Tm`);
    // As pdfkit does: runs of glyphs, with a TJ adjustment where kerning changes the advance.
    const commands: string[] = [];
    let last = 0;
    let penX = x;
    for (let i = 0; i < positions.length; i += 1) {
      const position = positions[i]!;
      if (position.xOffset || position.yOffset) {
        if (last < i) commands.push(`<${encoded.slice(last, i).join('')}>`);
        this.flushCommands(commands);
        this.operators.push(
          `1 0 0 1 ${number(penX + position.xOffset * scale)} ${number(baseline + position.yOffset * scale)} Tm`,
        );
        this.operators.push(`[<${encoded[i]}>] TJ`);
        this.operators.push(`1 0 0 1 ${number(penX + position.xAdvance * scale)} ${number(baseline)} Tm`);
        last = i + 1;
      } else if (position.xAdvance !== position.advanceWidth) {
        commands.push(
          `<${encoded.slice(last, i + 1).join('')}> ${number(-(position.xAdvance - position.advanceWidth))}`,
        );
        last = i + 1;
      }
      penX += position.xAdvance * scale;
    }
    if (last < positions.length) commands.push(`<${encoded.slice(last).join('')}>`);
    this.flushCommands(commands);
  }

  /** Writes what was added as one content chunk. */
  flush(): void {
    if (this.operators.length === 0) return;
    const height = (this.doc as unknown as DocumentInternals).page.height;
    // pdfkit's pages are flipped (y grows downwards); text is written in PDF's own orientation.
    this.doc.addContent(`q 1 0 0 -1 0 ${number(height)} cm BT ${this.operators.join(' ')} ET Q`);
    this.operators = [];
    this.currentFont = null;
  }

  private flushCommands(commands: string[]): void {
    if (commands.length > 0) this.operators.push(`[${commands.join(' ')}] TJ`);
    commands.length = 0;
  }
}
