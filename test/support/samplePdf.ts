/** A small real PDF with the given lines of text, made with pdfkit and a Unicode font. */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

export function samplePdf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', info: { CreationDate: new Date('2025-01-01T00:00:00Z') } });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.font(FONT).fontSize(12);
    for (const line of lines) pdf.text(line);
    pdf.end();
  });
}
