/**
 * Pages and the vertical cursor. Every page gets the frame: institution name and logo, title and
 * parameters at the top; "generated at … by …" and "page x of y" at the bottom. Each page is written
 * out as soon as the next one starts (pdfkit without `bufferPages`), so a long register never sits
 * in memory. The page count is not known until the end: each footer's "page x of y" is a small
 * PDF form XObject whose content is written last — see PageNumbers.
 */
import { BOLD, REGULAR } from './fonts.js';
import { trimFontCaches, type PdfDocument } from './pdfDocument.js';
import { PageNumbers } from './pageNumbers.js';
import { textWidth } from './glyphShaper.js';
import { lineHeightOf, wrapText } from './textLayout.js';
import { TextRun } from './textRun.js';

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
const FOOTER_FONT_SIZE = 7.5;
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
  private pages = 0;
  private readonly numbers: PageNumbers;

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
    this.numbers = new PageNumbers(doc, REGULAR, FOOTER_FONT_SIZE, frame.numbering);
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

  /** Writes the last page's footer and the page count; call once, after the last content. Returns the count. */
  finish(): number {
    this.writeFooter();
    this.numbers.write(this.pages);
    return this.pages;
  }

  /** "generated at … by …" left, "page x of y" right, on the current page. */
  private writeFooter(): void {
    const { doc } = this;
    const y = this.bottom + FOOTER_HEIGHT - 12;
    doc
      .moveTo(this.left, y - 4)
      .lineTo(this.right, y - 4)
      .lineWidth(0.5)
      .strokeColor(RULE_COLOR)
      .stroke();
    doc.font(REGULAR).fontSize(FOOTER_FONT_SIZE).fillColor(TEXT_COLOR);
    const run = new TextRun(doc);
    run.add(this.frame.generated, this.left, y);
    run.flush();
    this.numbers.place(this.pages, this.right, y);
  }

  private addPage(): void {
    if (this.pages > 0) this.writeFooter();
    if (this.pages > 0 && this.pages % PAGES_PER_FONT_CACHE === 0) trimFontCaches(this.doc);
    this.doc.addPage({ size: 'A4', layout: this.layout, margin: MARGIN });
    this.pages += 1;
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
    const width = this.right - textLeft;
    let y = MARGIN;
    // Written as one text run, as table rows are: pdfkit's text() per line cost 0.1 s over 600 pages.
    const run = new TextRun(doc);
    doc.fillColor(TEXT_COLOR).font(BOLD).fontSize(10);
    if (textWidth(doc, frame.institution) <= width) run.add(frame.institution, textLeft, y);
    else doc.text(frame.institution, textLeft, y, { lineBreak: false, width, ellipsis: true });
    y += lineHeightOf(10) + 2;
    doc.font(BOLD).fontSize(13);
    for (const line of wrapText(doc, frame.title, width)) {
      run.add(line, textLeft, y);
      y += lineHeightOf(13);
    }
    doc.font(REGULAR).fontSize(8);
    for (const line of wrapText(doc, frame.parameters.join('   ·   '), width)) {
      run.add(line, textLeft, y);
      y += lineHeightOf(8);
    }
    run.flush();
    y = Math.max(y, frame.logoPath ? MARGIN + LOGO_SIZE : y) + 4;
    doc.moveTo(this.left, y).lineTo(this.right, y).lineWidth(0.75).strokeColor(RULE_COLOR).stroke();
    return y + 8;
  }
}
