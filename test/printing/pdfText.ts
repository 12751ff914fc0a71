/** Reads a PDF's text back with pdf-parse (pdf.js), page by page. Kept apart: pdf.js is large to load. */
import { PDFParse } from 'pdf-parse';

export interface PdfText {
  pages: number;
  text: string;
  pageText(page: number): string;
}

export async function readPdf(pdf: Buffer): Promise<PdfText> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { pages: result.total, text: result.text, pageText: (page) => result.getPageText(page) };
  } finally {
    await parser.destroy();
  }
}
