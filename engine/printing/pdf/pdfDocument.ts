/** The pdfkit document every report writes into, set up once: A4, embedded DejaVu Sans, pages streamed out. */
import PDFDocument from 'pdfkit';
import { BOLD, dejaVuFonts, REGULAR } from './fonts.js';

export type PdfDocument = PDFKit.PDFDocument;

export interface PdfMetadata {
  title: string;
  author: string;
  /** Fixed creation date so that the same input prints the same bytes. */
  createdAt: Date;
}

export function createPdfDocument(metadata: PdfMetadata): PdfDocument {
  const doc = new PDFDocument({
    autoFirstPage: false,
    // Pages are written out as they are finished; "page x of y" does without them: see PageTotal.
    bufferPages: false,
    info: {
      Title: metadata.title,
      Author: metadata.author,
      Creator: 'Kanceleja',
      CreationDate: metadata.createdAt,
    },
  });
  const fonts = dejaVuFonts();
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  doc.font(REGULAR);
  return doc;
}

interface FontWithLayoutCache {
  layoutCache?: Record<string, unknown>;
}

/**
 * pdfkit caches the shaped form of every distinct word for the life of the document: in a long
 * register every registration number is a new word, and the cache grew to about 100 MB over 10,000
 * rows. Dropping it now and then bounds that; the words that recur are shaped again once. This
 * reaches into pdfkit (`_fontFamilies`, `layoutCache`, pdfkit 0.20); if their shape changes it does nothing.
 */
export function trimFontCaches(doc: PdfDocument): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, FontWithLayoutCache> })._fontFamilies;
  for (const font of Object.values(families ?? {})) {
    if (font.layoutCache && typeof font.layoutCache === 'object')
      font.layoutCache = Object.create(null) as Record<string, unknown>;
  }
}
