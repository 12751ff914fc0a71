/** The blocks other than tables and charts: headings, paragraphs, label–value fields, signatures. */
import type { Align, Block } from '../template/layout.js';
import type { PageFlow } from './pageFlow.js';
import { RULE_COLOR, TEXT_COLOR } from './pageFlow.js';
import { lineHeightOf, useStyle, wrapText } from './textLayout.js';
import { TableWriter } from './tableWriter.js';

type SimpleBlock = Extract<Block, { type: 'heading' | 'paragraph' | 'fields' | 'signatures' | 'spacer' }>;

export function writeSimpleBlock(flow: PageFlow, block: SimpleBlock, fontSize: number): void {
  switch (block.type) {
    case 'heading':
      // A heading never stays alone at the bottom of a page: keep room for two lines after it.
      flow.ensure(lineHeightOf(fontSize + 2) + 4 * lineHeightOf(fontSize));
      flow.y += 4;
      writeLines(flow, block.text, { size: fontSize + 2, bold: true }, 'left');
      flow.y += 3;
      return;
    case 'paragraph':
      writeLines(flow, block.text, { size: fontSize, bold: block.bold }, block.align);
      flow.y += lineHeightOf(fontSize) / 2;
      return;
    case 'fields':
      writeFields(flow, block.fields, fontSize);
      return;
    case 'signatures':
      writeSignatures(flow, block.signatures, fontSize);
      return;
    case 'spacer':
      flow.y = Math.min(flow.y + block.height, flow.bottom);
      return;
  }
}

/** Wrapped text that may continue on the next page line by line. */
function writeLines(
  flow: PageFlow,
  text: string,
  style: { size: number; bold: boolean },
  align: Align,
): void {
  const { doc } = flow;
  useStyle(doc, style);
  const lineHeight = lineHeightOf(style.size);
  for (const line of wrapText(doc, text, flow.width)) {
    flow.ensure(lineHeight);
    useStyle(doc, style);
    const width = doc.widthOfString(line);
    const x =
      align === 'left'
        ? flow.left
        : align === 'right'
          ? flow.right - width
          : flow.left + (flow.width - width) / 2;
    doc.fillColor(TEXT_COLOR).text(line, x, flow.y, { lineBreak: false });
    flow.y += lineHeight;
  }
}

/** Label–value pairs as a two-column ruled table without a header row. */
function writeFields(flow: PageFlow, fields: { label: string; value: string }[], fontSize: number): void {
  const table = new TableWriter(
    flow,
    [
      { header: '', width: { unit: '%', value: 28 }, align: 'left' },
      { header: '', width: { unit: '*', value: 1 }, align: 'left' },
    ],
    fontSize,
    { header: false },
  );
  table.begin();
  for (const field of fields) {
    table.add({
      type: 'row',
      cells: [
        { text: field.label, bold: true, align: null },
        { text: field.value, bold: false, align: null },
      ],
    });
  }
  table.end();
}

const SIGNATURE_WIDTH = 170;

/** Signature boxes side by side: position, a line to sign on, the name under it; kept on one page. */
function writeSignatures(
  flow: PageFlow,
  signatures: { label: string; name: string; caption: string }[],
  fontSize: number,
): void {
  const { doc } = flow;
  const lineHeight = lineHeightOf(fontSize);
  const perRow = Math.max(1, Math.floor(flow.width / (SIGNATURE_WIDTH + 20)));
  for (let start = 0; start < signatures.length; start += perRow) {
    const row = signatures.slice(start, start + perRow);
    const height = lineHeight * 5 + 28;
    flow.ensure(height);
    const top = flow.y + 10;
    row.forEach((signature, i) => {
      const x = flow.left + i * (flow.width / perRow);
      useStyle(doc, { size: fontSize, bold: true });
      doc.fillColor(TEXT_COLOR);
      let y = top;
      for (const line of wrapText(doc, signature.label, SIGNATURE_WIDTH).slice(0, 2)) {
        doc.text(line, x, y, { lineBreak: false });
        y += lineHeight;
      }
      const lineY = top + 2 * lineHeight + 18;
      doc
        .moveTo(x, lineY)
        .lineTo(x + SIGNATURE_WIDTH, lineY)
        .lineWidth(0.6)
        .strokeColor(RULE_COLOR)
        .stroke();
      if (signature.caption !== '') {
        useStyle(doc, { size: fontSize - 1.5, bold: false });
        doc.fillColor('#52606d').text(`(${signature.caption})`, x, lineY + 2, { lineBreak: false });
      }
      useStyle(doc, { size: fontSize, bold: false });
      doc.fillColor(TEXT_COLOR).text(signature.name, x, lineY + 2 + lineHeight, { lineBreak: false });
    });
    flow.y = top + height - 10;
  }
}
