/**
 * The appraisal act as a PDF (for the transfer package and the act's page): its number, the
 * committee's decisions, the signature, and a line per case file — decision and reason. Printed in
 * English with the institution's own data as it is (titles, reasons, names).
 */
import { createPdfDocument } from '../printing/pdf/pdfDocument.js';
import { BOLD, REGULAR } from '../printing/pdf/fonts.js';
import type { AppraisalAct, ArchiveCaseFile } from '../store/archivePorts.js';
import { retentionEndsOn } from './retention.js';

export interface ActPdfInput {
  act: AppraisalAct;
  caseFiles: Map<string, ArchiveCaseFile>;
  institutionName: string;
  departmentName: string | null;
  /** Display names by user id and by username. */
  names: Map<string, string>;
}

const day = (at: Date | null): string => (at ? at.toISOString().slice(0, 10) : '—');

export function actPdf(input: ActPdfInput): Promise<Buffer> {
  const { act } = input;
  const doc = createPdfDocument({
    title: `Appraisal act ${act.number}`,
    author: input.institutionName,
    createdAt: act.signedAt ?? act.preparedAt,
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const name = (key: string | null) => (key ? (input.names.get(key) ?? key) : '—');
  doc.addPage({ size: 'A4', margin: 50 });
  doc.font(BOLD).fontSize(11).text(input.institutionName);
  doc.moveDown(0.5).fontSize(16).text(`Appraisal act ${act.number}`);
  doc.font(REGULAR).fontSize(10).moveDown(0.5);
  if (input.departmentName) doc.text(`Department: ${input.departmentName}`);
  doc.text(`Prepared by ${name(act.preparedBy)} on ${day(act.preparedAt)}`);
  doc.text(`Status: ${act.status.replace('_', ' ')}`);
  if (act.note) doc.moveDown(0.5).text(act.note);
  doc.moveDown().font(BOLD).text('Case files');
  doc.font(REGULAR);
  for (const item of act.items) {
    const caseFile = input.caseFiles.get(item.caseFileId);
    const label = caseFile ? `${caseFile.indexCode} ${caseFile.title} (${caseFile.year})` : item.caseFileId;
    const retention = caseFile
      ? `${caseFile.retention}${caseFile.retentionYears ? `, ${caseFile.retentionYears} years` : ''}, ended ${retentionEndsOn(caseFile) ?? '—'}; ${caseFile.documentCount} documents`
      : '';
    const decision = item.decision === 'keep' ? `keep until ${item.keepUntilYear}` : item.decision;
    doc.moveDown(0.4).font(BOLD).text(label).font(REGULAR);
    doc.text(retention);
    doc.text(`Decision: ${decision}. ${item.reason}`);
  }
  doc.moveDown().font(BOLD).text('Committee').font(REGULAR);
  for (const member of act.committee) {
    const decision = act.decisions.find((entry) => entry.username === member);
    doc.text(
      `${name(member)}: ${decision ? `${decision.decision} on ${decision.at.slice(0, 10)}${decision.comment ? ` — ${decision.comment}` : ''}` : 'not decided'}`,
    );
  }
  doc.moveDown().font(BOLD).text('Approved').font(REGULAR);
  doc.text(act.signedAt ? `Signed by ${name(act.signedBy)} on ${day(act.signedAt)}` : 'Not signed');
  doc.end();
  return done;
}
