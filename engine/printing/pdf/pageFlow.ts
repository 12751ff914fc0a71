/**
 * Pages and the vertical cursor. Every page gets the frame: institution name and logo, title and
 * parameters at the top; "generated at … by …" and "page x of y" at the bottom. The bottom line needs
 * the page count, so footers are written at the end over the buffered pages (`bufferPages`): the
 * pages' content streams stay in memory until then — a few MB for a 10,000-row journal, measured in
 * test/bench/printing.bench.ts — while the rows themselves are never held.
 */
import { BOLD, REGULAR } from './fonts.js';
import { trimFontCaches, type PdfDocument } from './pdfDocument.js';
import { lineHeightOf, wrapText } from './textLayout.js';

export interface PageFrame {
  institution: string;
  logoPath: string | null;
  title: string;
  /** Already formatted: `Reģistrs: Ienākošie dokumenti`. */
  parameters: string[];
  /** Left of the footer: `Sagatavots 23.11.2026. 14:05, sagatavoja Anna Bērziņa`. */
  generated: string;
  /** `Lapa {page} no {pages}` with the two placeholders. */
  numbering: (page: number, pages: number) => string;
}

export interface BreakListener {
  /** Called on the full page, before it is left. */
  beforeBreak(): void;
  /** Called on the new page, with the cursor below the frame. */
  afterBreak(): void;
}

const MARGIN = 36;
/** How often pdfkit's word-shape cache is dropped; see trimFontCaches. */
const PAGES_PER_FONT_CACHE = 50;
const LOGO_SIZE = 40;
const FOOTER_HEIGHT = 22;
export const RULE_COLOR = '#7b8794';
export const TEXT_COLOR = '#111111';

export class PageFlow {
  readonly left = MARGIN;
  readonly right: number;
  readonly width: number;
  readonly bottom: number;
  top = MARGIN;
  y = MARGIN;
  private readonly listeners: BreakListener[] = [];

  constructor(
    readonly doc: PdfDocument,
    private readonly frame: PageFrame,
    private readonly layout: 'portrait' | 'landscape',
  ) {
    const [short, long] = [595.28, 841.89];
    const pageWidth = layout === 'landscape' ? long : short;
    const pageHeight = layout === 'landscape' ? short : long;
    this.right = pageWidth - MARGIN;
    this.width = this.right - this.left;
    this.bottom = pageHeight - MARGIN - FOOTER_HEIGHT;
  }

  /** Opens the first page. */
  start(): void {
    this.addPage();
  }

  spaceLeft(): number {
    return this.bottom - this.y;
  }

  atTop(): boolean {
    return this.y <= this.top + 0.01;
  }

  /** Moves to a new page unless `height` fits here (or nothing would be gained: we are at the top). */
  ensure(height: number): void {
    if (height > this.spaceLeft() && !this.atTop()) this.breakPage();
  }

  breakPage(): void {
    for (const listener of this.listeners) listener.beforeBreak();
    this.addPage();
    for (const listener of this.listeners) listener.afterBreak();
  }

  listen(listener: BreakListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Writes "page x of y" on every page; call once, after the last content. */
  writeFooters(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      doc.switchToPage(index);
      const y = this.bottom + FOOTER_HEIGHT - 12;
      doc
        .moveTo(this.left, y - 4)
        .lineTo(this.right, y - 4)
        .lineWidth(0.5)
        .strokeColor(RULE_COLOR)
        .stroke();
      doc.font(REGULAR).fontSize(7.5).fillColor(TEXT_COLOR);
      doc.text(this.frame.generated, this.left, y, { lineBreak: false });
      const numbering = this.frame.numbering(index + 1, range.count);
      doc.text(numbering, this.right - doc.widthOfString(numbering), y, { lineBreak: false });
    }
  }

  private addPage(): void {
    const pages = this.doc.bufferedPageRange().count;
    if (pages > 0) compactPageContent(this.doc);
    if (pages > 0 && pages % PAGES_PER_FONT_CACHE === 0) trimFontCaches(this.doc);
    this.doc.addPage({ size: 'A4', layout: this.layout, margin: MARGIN });
    this.top = this.drawHeader();
    this.y = this.top;
  }

  /** Draws the page header and returns where the body starts. */
  private drawHeader(): number {
    const { doc, frame } = this;
    let textLeft = this.left;
    if (frame.logoPath) {
      doc.image(frame.logoPath, this.left, MARGIN, { fit: [LOGO_SIZE, LOGO_SIZE] });
      textLeft += LOGO_SIZE + 10;
    }
    const textWidth = this.right - textLeft;
    let y = MARGIN;
    doc.fillColor(TEXT_COLOR).font(BOLD).fontSize(10);
    doc.text(frame.institution, textLeft, y, { lineBreak: false, width: textWidth, ellipsis: true });
    y += lineHeightOf(10) + 2;
    doc.font(BOLD).fontSize(13);
    for (const line of wrapText(doc, frame.title, textWidth)) {
      doc.text(line, textLeft, y, { lineBreak: false });
      y += lineHeightOf(13);
    }
    doc.font(REGULAR).fontSize(8);
    for (const line of wrapText(doc, frame.parameters.join('   ·   '), textWidth)) {
      doc.text(line, textLeft, y, { lineBreak: false });
      y += lineHeightOf(8);
    }
    y = Math.max(y, frame.logoPath ? MARGIN + LOGO_SIZE : y) + 4;
    doc.moveTo(this.left, y).lineTo(this.right, y).lineWidth(0.75).strokeColor(RULE_COLOR).stroke();
    return y + 8;
  }
}

interface ContentStream {
  buffer: Uint8Array[];
}

/**
 * pdfkit keeps a buffered page's content as one small buffer per drawing operator: for a
 * 10,000-row register that was 1.5 million buffers and some 350 MB. Joining a finished page's
 * buffers into one keeps the same bytes in a few MB. This reaches into pdfkit's page object
 * (`page.content.buffer`, pdfkit 0.20); if that shape ever changes, it does nothing.
 */
function compactPageContent(doc: PdfDocument): void {
  const content = (doc.page as unknown as { content?: Partial<ContentStream> }).content;
  if (content && Array.isArray(content.buffer) && content.buffer.length > 1) {
    content.buffer = [Buffer.concat(content.buffer)];
  }
}
