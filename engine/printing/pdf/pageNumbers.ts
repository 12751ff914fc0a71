/**
 * "page x of y" without keeping pages in memory. Each footer paints its own small PDF form XObject,
 * and the XObjects' content — "Lapa 3 no 601", right-aligned, in the embedded font — is written once
 * the last page is done and the count is known. Readers and text extraction see ordinary text. Each
 * pending XObject is a few dozen bytes until then. This reaches into pdfkit 0.x (`ref`,
 * `page.xobjects`, the embedded font's `encode`, `ref()`, `id`, `ascender`; see also glyphShaper), as its own images do.
 */
import { shapedFont, type EmbeddedFont } from './glyphShaper.js';
import type { PdfDocument } from './pdfDocument.js';

interface PdfReference {
  /** pdfkit deflates every stream; one line of text does not shrink, and each deflate costs 16 KB. */
  compress: boolean;
  end(content?: string): void;
}

export class PageNumbers {
  private readonly font: EmbeddedFont;
  private readonly pending: { page: number; reference: PdfReference }[] = [];
  /** The widest numbering there can be (9999 pages), plus a little. */
  readonly width: number;

  constructor(
    private readonly doc: PdfDocument,
    fontName: string,
    private readonly size: number,
    private readonly numbering: (page: number, pages: number) => string,
  ) {
    doc.font(fontName).fontSize(size);
    this.font = (doc as unknown as { _font: EmbeddedFont })._font;
    this.width = this.font.widthOfString(numbering(9999, 9999), size) + size;
  }

  /** Reserves the numbering of `page` so that it ends at `right`; y is the top of the text line. */
  place(page: number, right: number, y: number): void {
    const { doc, size } = this;
    const reference = (doc as unknown as { ref(data: object): PdfReference }).ref({
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, -size, this.width, size * 2],
      Resources: { Font: { [this.font.id]: this.font.ref() } },
    });
    reference.compress = false;
    const name = `KancelejaPage${page}`;
    (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects[name] = reference;
    const baseline = y + (this.font.ascender / 1000) * size;
    doc.save();
    doc.transform(1, 0, 0, -1, right - this.width, baseline);
    doc.addContent(`/${name} Do`);
    doc.restore();
    this.pending.push({ page, reference });
  }

  /** Writes every numbering; call once, after the last page. */
  write(pages: number): void {
    const shaped = shapedFont(this.font);
    for (const { page, reference } of this.pending) {
      const text = this.numbering(page, pages);
      const count = shaped ? shaped.shape(text) : -1;
      let glyphs = '';
      if (shaped && count >= 0) for (let i = 0; i < count; i += 1) glyphs += shaped.hex(i);
      else glyphs = this.font.encode(text)[0].join('');
      const x =
        this.width - (shaped ? shaped.widthOf(text, this.size) : this.font.widthOfString(text, this.size));
      reference.end(`BT /${this.font.id} ${this.size} Tf ${x.toFixed(2)} 0 Td <${glyphs}> Tj ET`);
    }
    this.pending.length = 0;
  }
}
