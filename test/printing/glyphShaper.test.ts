import { describe, expect, it } from '@jest/globals';
import { BOLD, REGULAR } from '../../engine/printing/pdf/fonts.js';
import { currentShapedFont, type EmbeddedFont } from '../../engine/printing/pdf/glyphShaper.js';
import { createPdfDocument, type PdfDocument } from '../../engine/printing/pdf/pdfDocument.js';

/** Text as registers hold it, in the languages the product prints, and text the shaper must leave to pdfkit. */
const PLAIN = [
  'Iesniegums par zemes gabala sadalīšanu Ķekavas pagastā (1234)',
  'SIA "Ķekavas nami", Jānis Ozoliņš; Līga Kalniņa — ļoti ģimene šķūnis ž č ņ',
  'Prašymas dėl žemės sklypo padalijimo: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ',
  'Žádost o prodloužení stavebního povolení: ěščřžýáíéůú ĚŠČŘŽÝÁÍÉŮÚ',
  'Ёлочный базар на площади: заявление о разрешении «Ъ» — №12',
  'Қала әкімдігіне өтініш: жер учаскесін бөлу туралы ғ қ ң ө ұ ү һ і',
  '3-12/2026/10000  1-7/44\t27.02.2026. 15:04 100 000,50 € AV Te Yo LT "Tā" W.',
  ' leading and  double  spaces ',
  'AVATAR Tēvs, Vārpa, Yoga, Tyto; ТАТЬЯНА ГУГЛ',
  '',
];
const LEFT_TO_PDFKIT = [
  'office fine affluent flow', // ligatures
  'e\u0301 combining, i\u0307\u0301 marks',
  'Ελληνικά',
  'emoji 😀',
  'soft\u00adhyphen',
];

/** Every letter, digit and punctuation mark of ASCII, Latin-1, Latin Extended-A and Cyrillic, in words of six. */
function everyCharacterInWords(seed: number): string[] {
  const characters: string[] = [];
  for (const [from, to] of [
    [0x21, 0x7e],
    [0xa1, 0x17f],
    [0x400, 0x4ff],
  ] as const) {
    for (let code = from; code <= to; code += 1) characters.push(String.fromCharCode(code));
  }
  // A fixed shuffle per seed, so that each run meets other neighbours but always the same ones.
  let state = seed;
  for (let i = characters.length - 1; i > 0; i -= 1) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [characters[i], characters[j]] = [characters[j]!, characters[i]!];
  }
  const words: string[] = [];
  for (let i = 0; i < characters.length; i += 6) words.push(characters.slice(i, i + 6).join(''));
  return words;
}

function withFont(name: string): { doc: PdfDocument; font: EmbeddedFont } {
  const doc = createPdfDocument({ title: 't', author: 'a', createdAt: new Date('2026-01-01T00:00:00Z') });
  doc.font(name).fontSize(10);
  return { doc, font: (doc as unknown as { _font: EmbeddedFont })._font };
}

describe('glyph shaper', () => {
  for (const fontName of [REGULAR, BOLD]) {
    it(`measures and encodes plain text in ${fontName} exactly as pdfkit's layout does`, () => {
      // given
      const { doc, font } = withFont(fontName);
      const shaped = currentShapedFont(doc);
      expect(shaped).not.toBeNull();
      for (const text of PLAIN) {
        // when
        const count = shaped!.shape(text);
        // then: the fast path is taken, with pdfkit's glyphs, advances and width
        expect(count).toBe(text.length);
        const [hexes, positions] = font.encode(text);
        const fast = Array.from({ length: count }, (_, i) => ({
          hex: shaped!.hex(i),
          xAdvance: shaped!.xAdvances[i]! * shaped!.scale,
          advanceWidth: shaped!.advances[i]! * shaped!.scale,
        }));
        const slow = hexes.map((hex, i) => ({
          hex,
          xAdvance: positions[i]!.xAdvance,
          advanceWidth: positions[i]!.advanceWidth,
        }));
        expect(fast.map((glyph) => glyph.hex)).toEqual(slow.map((glyph) => glyph.hex));
        fast.forEach((glyph, i) => {
          expect(glyph.xAdvance).toBeCloseTo(slow[i]!.xAdvance, 9);
          expect(glyph.advanceWidth).toBeCloseTo(slow[i]!.advanceWidth, 9);
        });
        expect(shaped!.widthOf(text, 7.5)).toBeCloseTo(font.widthOfString(text, 7.5), 9);
      }
    });

    it(`agrees with pdfkit in ${fontName} on every Latin and Cyrillic character next to others`, () => {
      // given
      const { doc, font } = withFont(fontName);
      const shaped = currentShapedFont(doc)!;
      let shapedTexts = 0;
      let texts = 0;
      for (const seed of [1, 2, 3, 4, 5]) {
        const words = everyCharacterInWords(seed);
        for (let i = 1; i < words.length; i += 1) {
          const text = `${words[i - 1]} ${words[i]}`;
          texts += 1;
          // when
          const count = shaped.shape(text);
          // then: shaped or left to pdfkit, the width is pdfkit's, and shaped glyphs are pdfkit's
          expect(shaped.widthOf(text, 10)).toBeCloseTo(font.widthOfString(text, 10), 9);
          if (count < 0) continue;
          shapedTexts += 1;
          const [hexes, positions] = font.encode(text);
          expect(Array.from({ length: count }, (_, j) => shaped.hex(j))).toEqual(hexes);
          positions.forEach((position, j) =>
            expect(shaped.xAdvances[j]! * shaped.scale).toBeCloseTo(position.xAdvance, 9),
          );
        }
      }
      // Only text with a ligature or a combining mark goes to pdfkit: most is shaped here.
      expect(shapedTexts / texts).toBeGreaterThan(0.6);
    });

    it(`leaves ligatures, combining marks and other scripts in ${fontName} to pdfkit, with pdfkit's width`, () => {
      // given
      const { doc, font } = withFont(fontName);
      const shaped = currentShapedFont(doc)!;
      for (const text of LEFT_TO_PDFKIT) {
        // when / then
        expect(shaped.shape(text)).toBe(-1);
        expect(shaped.widthOf(text, 7.5)).toBe(font.widthOfString(text, 7.5));
      }
    });
  }
});
