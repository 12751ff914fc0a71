/**
 * Writes many already-measured lines of text as one block of PDF operators. pdfkit's `text()`
 * wraps every call in save / transform / restore and allocates a buffer per operator; for a
 * 10,000-row register (100,000 cell lines) that was about a quarter of the time and most of the
 * garbage. Glyphs and kerning come from the glyph shaper (the same as pdfkit's layout, see there),
 * or from pdfkit's `font.encode` for text the shaper leaves to pdfkit; so the output is what
 * `text()` would write. Relies on pdfkit 0.20 internals (`_font`, `page.fonts`); where they are
 * missing it falls back to `text()`.
 */
import { currentShapedFont, type EmbeddedFont } from './glyphShaper.js';
import type { PdfDocument } from './pdfDocument.js';

interface DocumentInternals {
  _font?: EmbeddedFont;
  _fontSize: number;
  page: { height: number; fonts?: Record<string, unknown> };
}

const number = (value: number): string => String(Math.round(value * 100) / 100);

/** A coordinate or length as the content stream gets it: two decimals are a hundredth of a point. */
export const pdfNumber = number;

/** The operators pdfkit's `fillColor` / `strokeColor` write for an `#rrggbb` colour. */
export function colorOperator(hex: string, use: 'fill' | 'stroke'): string {
  const value = parseInt(hex.slice(1), 16);
  const rgb = [value >> 16, (value >> 8) & 0xff, value & 0xff].map((part) => part / 255).join(' ');
  return use === 'fill' ? `/DeviceRGB cs ${rgb} scn` : `/DeviceRGB CS ${rgb} SCN`;
}

export class TextRun {
  private content = '';
  private currentFont: EmbeddedFont | null = null;
  private currentSize = 0;

  constructor(private readonly doc: PdfDocument) {}

  /** Adds `text` with its top-left corner at (x, y), in the font and size currently set on the document. */
  add(text: string, x: number, y: number): void {
    const internals = this.doc as unknown as DocumentInternals;
    const font = internals._font;
    const size = internals._fontSize;
    if (!font || typeof font.encode !== 'function' || !internals.page.fonts) {
      this.doc.text(text, x, y, { lineBreak: false });
      return;
    }
    internals.page.fonts[font.id] ??= font.ref();
    const baseline = internals.page.height - y - (font.ascender / 1000) * size;
    if (font !== this.currentFont || size !== this.currentSize) {
      this.content += ` /${font.id} ${number(size)} Tf`;
      this.currentFont = font;
      this.currentSize = size;
    }
    this.content += ` 1 0 0 1 ${number(x)} ${number(baseline)} Tm`;
    const shaped = currentShapedFont(this.doc);
    const count = shaped ? shaped.shape(text) : -1;
    if (shaped && count >= 0) {
      // Runs of glyphs, with a TJ adjustment where kerning changes the advance, as pdfkit writes them.
      let commands = '';
      let glyphs = '';
      for (let i = 0; i < count; i += 1) {
        glyphs += shaped.hex(i);
        const kerning = shaped.xAdvances[i]! - shaped.advances[i]!;
        if (kerning !== 0) {
          commands += `${commands === '' ? '' : ' '}<${glyphs}> ${number(-kerning * shaped.scale)}`;
          glyphs = '';
        }
      }
      if (glyphs !== '') commands += `${commands === '' ? '' : ' '}<${glyphs}>`;
      this.content += ` [${commands}] TJ`;
      return;
    }
    this.addEncoded(font, text, x, baseline, size);
  }

  /**
   * Writes what was added as one content chunk, with `before` and `after` (operators in pdfkit's
   * page coordinates, such as a colour or a rule) in the same chunk.
   */
  flush(before = '', after = ''): void {
    let chunk = before;
    if (this.content !== '') {
      const height = (this.doc as unknown as DocumentInternals).page.height;
      // pdfkit's pages are flipped (y grows downwards); text is written in PDF's own orientation.
      chunk += `${chunk === '' ? '' : ' '}q 1 0 0 -1 0 ${number(height)} cm BT${this.content} ET Q`;
    }
    if (after !== '') chunk += `${chunk === '' ? '' : ' '}${after}`;
    if (chunk !== '') this.doc.addContent(chunk);
    this.content = '';
    this.currentFont = null;
  }

  /** Text the shaper leaves to pdfkit: glyphs and positions from `font.encode`, as `text()` writes them. */
  private addEncoded(font: EmbeddedFont, text: string, x: number, baseline: number, size: number): void {
    const [encoded, positions] = font.encode(text);
    const scale = size / 1000;
    const commands: string[] = [];
    let last = 0;
    let penX = x;
    for (let i = 0; i < positions.length; i += 1) {
      const position = positions[i]!;
      if (position.xOffset || position.yOffset) {
        if (last < i) commands.push(`<${encoded.slice(last, i).join('')}>`);
        this.flushCommands(commands);
        this.content += ` 1 0 0 1 ${number(penX + position.xOffset * scale)} ${number(baseline + position.yOffset * scale)} Tm`;
        this.content += ` [<${encoded[i]}>] TJ`;
        this.content += ` 1 0 0 1 ${number(penX + position.xAdvance * scale)} ${number(baseline)} Tm`;
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

  private flushCommands(commands: string[]): void {
    if (commands.length > 0) this.content += ` [${commands.join(' ')}] TJ`;
    commands.length = 0;
  }
}
