/**
 * Text measured and encoded from the font's character map, advance widths and pair kerning, instead
 * of a full OpenType layout (fontkit) of every cell. A 10,000-row register lays out some 100,000 cell
 * lines, most of them unique (registration numbers, subjects), and fontkit's layout of them was about
 * half of the printing time and, through pdfkit's per-word layout cache, most of its garbage.
 *
 * The result is the same as pdfkit's own layout, glyph for glyph and position for position:
 * - pdfkit lays out each word (up to and including a following space or tab) on its own, with the
 *   script fontkit detects for that word; so kerning never crosses a space, as here;
 * - Latin, Cyrillic and common characters (digits, punctuation) in DejaVu Sans need no shaping
 *   beyond one glyph per character and pair kerning (GPOS pair adjustment, whose adjustments add up
 *   pair by pair); each character and each pair met is checked once against fontkit's own layout;
 * - whatever that check refuses — ligatures (`fi`, `ffl`), combining marks, characters of other
 *   scripts, characters outside the Basic Multilingual Plane — sends the whole string through pdfkit
 *   as before (`fontkit.layout`), so nothing is ever printed differently, only sooner.
 * Measuring and drawing both come from here, so line breaks always match what is drawn.
 *
 * Relies on pdfkit 0.20 internals (`_font`, `_fontSize`, the embedded font's `font`, `subset`,
 * `widths`, `unicode`); a font without them is measured and encoded by pdfkit alone.
 */
import type { PdfDocument } from './pdfDocument.js';

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
}

interface FontkitPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface FontkitFont {
  postscriptName: string;
  unitsPerEm: number;
  numGlyphs: number;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
  layout(
    text: string,
    features?: undefined,
    script?: string,
  ): { glyphs: FontkitGlyph[]; positions: FontkitPosition[]; script?: string };
}

/** pdfkit's EmbeddedFont, as far as it is used here and by TextRun. */
export interface EmbeddedFont {
  id: string;
  ascender: number;
  font?: FontkitFont;
  subset?: { includeGlyph(glyphId: number): number };
  widths?: number[];
  unicode?: number[][];
  encode(
    text: string,
  ): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  widthOfString(text: string, size: number): number;
  ref(): unknown;
}

interface DocumentInternals {
  _font?: EmbeddedFont;
  _fontSize: number;
}

const UNKNOWN = -1;
const REFUSED = -2;
/** Scripts the fast path knows, as fontkit names them; index 0: no script letter in the word. */
const SCRIPT_TAGS = [undefined, 'latn', 'cyrl'] as const;
const COMMON = 0;
const LATIN = 1;
const CYRILLIC = 2;
const OTHER = 3;

/** Combining marks need mark positioning: never on the fast path, whatever fontkit makes of one alone. */
const isMark = /^\p{M}$/u;

/** The fast path's script of a character, from the script fontkit itself detects for it. */
function scriptFromTag(tag: string | undefined, character: string): number {
  if (tag === 'latn') return LATIN;
  if (tag === 'cyrl') return CYRILLIC;
  // fontkit's "Unknown": common characters (digits, punctuation, spaces) and inherited ones (marks).
  if (tag === 'zzzz' && !isMark.test(character)) return COMMON;
  return OTHER;
}

/** What one font face needs to lay out plain text: shared by every document that uses the face. */
class FaceMetrics {
  /** Glyph of each BMP character, UNKNOWN until checked, REFUSED where fontkit does more than map it. */
  private readonly glyphOf = new Int32Array(0x10000).fill(UNKNOWN);
  private readonly advanceOf = new Int32Array(0x10000);
  private readonly scriptOf = new Int8Array(0x10000);
  /**
   * Kerning of a pair of glyphs within a word of a script, in font units: the first glyph's and the
   * second glyph's advance adjustments packed into one number, or NaN where the pair is not plain.
   */
  private readonly pairs = new Map<number, number>();
  private readonly glyphCount: number;

  constructor(private readonly font: FontkitFont) {
    this.glyphCount = font.numGlyphs;
  }

  /** The glyph of `code`, or REFUSED; checked against fontkit's layout of the character the first time. */
  glyph(code: number): number {
    let glyph = this.glyphOf[code]!;
    if (glyph === UNKNOWN) {
      glyph = REFUSED;
      const character = String.fromCharCode(code);
      const run = code >= 0xd800 && code <= 0xdfff ? null : this.font.layout(character);
      const script = run ? scriptFromTag(run.script, character) : OTHER;
      if (run && script !== OTHER) {
        const mapped = this.font.glyphForCodePoint(code);
        const position = run.positions[0];
        if (
          run.glyphs.length === 1 &&
          run.glyphs[0]!.id === mapped.id &&
          position !== undefined &&
          position.xAdvance === mapped.advanceWidth &&
          position.xOffset === 0 &&
          position.yOffset === 0 &&
          Number.isInteger(mapped.advanceWidth) &&
          mapped.id < 0x10000
        ) {
          glyph = mapped.id;
          this.advanceOf[code] = mapped.advanceWidth;
          this.scriptOf[code] = script;
        }
      }
      this.glyphOf[code] = glyph;
    }
    return glyph;
  }

  /** The script of a character whose glyph is not REFUSED. */
  script(code: number): number {
    return this.scriptOf[code]!;
  }

  advance(code: number): number {
    return this.advanceOf[code]!;
  }

  /** Packed kerning of the pair `first second` in a word of `script`; NaN if fontkit does more there. */
  kerning(script: number, first: number, second: number, firstGlyph: number, secondGlyph: number): number {
    // Small enough for DejaVu (6,253 glyphs) to stay a small integer: a fast Map key.
    const key = (firstGlyph * this.glyphCount + secondGlyph) * SCRIPT_TAGS.length + script;
    let packed = this.pairs.get(key);
    if (packed === undefined) {
      packed = Number.NaN;
      const run = this.font.layout(String.fromCharCode(first, second), undefined, SCRIPT_TAGS[script]);
      const [a, b] = run.positions;
      if (
        run.glyphs.length === 2 &&
        run.glyphs[0]!.id === firstGlyph &&
        run.glyphs[1]!.id === secondGlyph &&
        a !== undefined &&
        b !== undefined &&
        a.xOffset === 0 &&
        a.yOffset === 0 &&
        b.xOffset === 0 &&
        b.yOffset === 0
      ) {
        const firstDelta = a.xAdvance - this.advanceOf[first]!;
        const secondDelta = b.xAdvance - this.advanceOf[second]!;
        if (
          Number.isInteger(firstDelta) &&
          Number.isInteger(secondDelta) &&
          Math.abs(firstDelta) < 0x8000 &&
          Math.abs(secondDelta) < 0x8000
        )
          packed = (firstDelta + 0x8000) * 0x10000 + (secondDelta + 0x8000);
      }
      this.pairs.set(key, packed);
    }
    return packed;
  }
}

const faces = new Map<string, FaceMetrics>();

function faceFor(font: FontkitFont): FaceMetrics {
  // Keyed by the face, not the fontkit object: every document parses the font again.
  const key = `${font.postscriptName}/${font.numGlyphs}/${font.unitsPerEm}`;
  let face = faces.get(key);
  if (!face) {
    face = new FaceMetrics(font);
    faces.set(key, face);
  }
  return face;
}

/**
 * One embedded font of one document. `shape` fills `glyphs`, `advances` (the glyph's own advance)
 * and `xAdvances` (after kerning), all in font units; buffers are reused, so shaping allocates nothing.
 */
export class ShapedFont {
  glyphs = new Int32Array(256);
  codes = new Int32Array(256);
  advances = new Int32Array(256);
  xAdvances = new Int32Array(256);
  /** Font units to the 1000-unit text space pdfkit and PDF widths use. */
  readonly scale: number;
  private readonly hexOf = new Map<number, string>();

  constructor(
    readonly embedded: EmbeddedFont,
    private readonly face: FaceMetrics,
    private readonly subset: { includeGlyph(glyphId: number): number },
    private readonly widths: number[],
    private readonly unicode: number[][],
    readonly unitsPerEm: number,
  ) {
    this.scale = 1000 / unitsPerEm;
  }

  /** Lays out `text` and returns the number of glyphs, or -1 if it needs pdfkit's full layout. */
  shape(text: string): number {
    const { face } = this;
    const length = text.length;
    if (length > this.glyphs.length) this.grow(length);
    let wordStart = 0;
    while (wordStart < length) {
      // A word as pdfkit cuts it: up to and including the next space or tab.
      let wordEnd = wordStart;
      let script = COMMON;
      while (wordEnd < length) {
        const code = text.charCodeAt(wordEnd);
        const glyph = face.glyph(code);
        if (glyph === REFUSED) return -1;
        this.glyphs[wordEnd] = glyph;
        wordEnd += 1;
        // The word's script is its first letter's, as fontkit detects it for the whole word.
        if (script === COMMON) script = face.script(code);
        if (code === 0x20 || code === 0x09) break;
      }
      for (let i = wordStart; i < wordEnd; i += 1) {
        const code = text.charCodeAt(i);
        const glyph = this.glyphs[i]!;
        const advance = face.advance(code);
        this.codes[i] = code;
        this.advances[i] = advance;
        this.xAdvances[i] = advance;
        if (i > wordStart) {
          const packed = face.kerning(script, this.codes[i - 1]!, code, this.glyphs[i - 1]!, glyph);
          if (Number.isNaN(packed)) return -1;
          this.xAdvances[i - 1]! += Math.floor(packed / 0x10000) - 0x8000;
          this.xAdvances[i]! += (packed % 0x10000) - 0x8000;
        }
      }
      wordStart = wordEnd;
    }
    return length;
  }

  /** Width of `text` at `size`, as pdfkit's `widthOfString` gives it. */
  widthOf(text: string, size: number): number {
    const count = this.shape(text);
    if (count < 0) return this.embedded.widthOfString(text, size);
    let units = 0;
    for (let i = 0; i < count; i += 1) units += this.xAdvances[i]!;
    return (units * size) / this.unitsPerEm;
  }

  /** The glyph's code in the content stream (its index in the subset, four hex digits), as pdfkit's `encode`. */
  hex(index: number): string {
    const glyph = this.glyphs[index]!;
    let hex = this.hexOf.get(glyph);
    if (hex === undefined) {
      const subsetId = this.subset.includeGlyph(glyph);
      this.widths[subsetId] ??= this.advances[index]! * this.scale;
      this.unicode[subsetId] ??= [this.codes[index]!];
      hex = `0000${subsetId.toString(16)}`.slice(-4);
      this.hexOf.set(glyph, hex);
    }
    return hex;
  }

  private grow(length: number): void {
    const size = Math.max(length, this.glyphs.length * 2);
    this.glyphs = new Int32Array(size);
    this.codes = new Int32Array(size);
    this.advances = new Int32Array(size);
    this.xAdvances = new Int32Array(size);
  }
}

const shapedFonts = new WeakMap<EmbeddedFont, ShapedFont | null>();

/** The document's current font, ready to shape; null where pdfkit's font lacks what this needs. */
export function currentShapedFont(doc: PdfDocument): ShapedFont | null {
  const embedded = (doc as unknown as DocumentInternals)._font;
  return embedded ? shapedFont(embedded) : null;
}

/** An embedded font of a document, ready to shape; null where it lacks what this needs. */
export function shapedFont(embedded: EmbeddedFont): ShapedFont | null {
  let shaped = shapedFonts.get(embedded);
  if (shaped === undefined) {
    const { font, subset, widths, unicode } = embedded;
    shaped =
      font && subset && widths && unicode && typeof font.layout === 'function'
        ? new ShapedFont(embedded, faceFor(font), subset, widths, unicode, font.unitsPerEm)
        : null;
    shapedFonts.set(embedded, shaped);
  }
  return shaped;
}

/** Measures text in the document's current font and size: what `doc.widthOfString` gives, sooner. */
export function widthMeasurer(doc: PdfDocument): (text: string) => number {
  const shaped = currentShapedFont(doc);
  const size = (doc as unknown as DocumentInternals)._fontSize;
  return shaped ? (text) => shaped.widthOf(text, size) : (text) => doc.widthOfString(text);
}

/** Width of `text` in the document's current font and size. */
export function textWidth(doc: PdfDocument, text: string): number {
  return widthMeasurer(doc)(text);
}
