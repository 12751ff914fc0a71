/**
 * An outgoing letter dispatched by e-mail (issue 17, part 3): sent to the addressee's e-mail address
 * through the mail outbox (engine/mail), with the letter as a PDF and the letter's files. The PDF is
 * printed and stored in the blob store before the dispatch transaction (printing is slow and reads
 * the committed letter); the mail is queued in that transaction, so a refused dispatch queues nothing
 * and a committed one always has its mail. The mail waits in the outbox while the mail server is
 * down; the card shows its state (documentCard.ts, `emailed`).
 */
import { PassThrough } from 'node:stream';
import { settingsOf, type UseCaseContext } from '../context.js';
import { Conflict, NotFound } from '../errors.js';
import { createFormatter } from '../printing/formatting.js';
import { storedTemplateSource } from '../printing/useCases/reportTemplates.js';
import { printLetter } from '../printing/useCases/printDocumentCard.js';
import { institutionOf } from '../printing/useCases/printRequest.js';
import type { OutboxAttachment, OutboxMail } from '../store/notificationPorts.js';
import type { DocumentRecord, Repositories } from '../store/ports.js';
import { deliverableEmail, fill, INSTITUTION_LANGUAGE, MAIL_HEADER } from './extensionNotice.js';
import { Problems } from '../kernel/problems.js';

export const LETTER_REFUSED = 'The letter cannot be dispatched.';
const NO_EMAIL = 'the addressee has no e-mail address';

/** The addressee's deliverable e-mail address, or a 400 on `channel` naming why not. */
async function addresseeEmail(repos: Pick<Repositories, 'correspondents'>, letter: DocumentRecord) {
  const addressee = letter.correspondentId ? await repos.correspondents.get(letter.correspondentId) : null;
  const email = deliverableEmail(addressee?.email);
  if (!email) {
    const problems = new Problems();
    problems.add('channel', NO_EMAIL, 'problem.addresseeNoEmail');
    problems.check(LETTER_REFUSED, 'refusal.dispatch');
  }
  return email as string;
}

/** A file name for a registration number (`3-2/2026/5` → `3-2-2026-5.pdf`). */
export function pdfName(registrationNumber: string): string {
  const base = registrationNumber.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '');
  return `${(base || 'letter').slice(0, 200)}.pdf`;
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/**
 * A numbered letter (or notice) as a PDF in the institution's language, read through `ctx.store`
 * (which may be a transaction's repositories, for a notice printed in the transaction numbering it).
 */
export async function renderLetterPdf(ctx: UseCaseContext, letterId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await printLetter(ctx, letterId, {
    format: 'pdf',
    locale: INSTITUTION_LANGUAGE,
    output,
    templates: storedTemplateSource(ctx.store),
    institution: institutionOf(ctx),
  });
  return Buffer.concat(chunks);
}

/**
 * Before the dispatch: refuses (400 on `channel`) a letter whose addressee has no e-mail address,
 * then prints the letter in the institution's language and stores the PDF in the blob store.
 */
export async function prepareLetterPdf(
  ctx: UseCaseContext,
  letterId: string | null,
): Promise<OutboxAttachment> {
  const letter = letterId ? await ctx.store.documents.get(letterId) : null;
  if (!letter) throw new NotFound('No such document.', 'refusal.noSuchDocument');
  if (letter.sequence === 0)
    throw new Conflict('An unsigned draft cannot be dispatched.', 'refusal.unsignedDispatch');
  await addresseeEmail(ctx.store, letter);
  const pdf = await renderLetterPdf(ctx, letter.id);
  const stored = await ctx.store.blobs.put(once(pdf), { maxBytes: pdf.length + 1 });
  return {
    sha256: stored.sha256,
    fileName: pdfName(letter.registrationNumber),
    contentType: 'application/pdf',
  };
}

/**
 * In the dispatch transaction: queues the letter's mail to its addressee (checked again: a card
 * changed meanwhile refuses it) with the PDF first, then the letter's files in their order.
 */
export async function queueLetterMail(
  ctx: UseCaseContext,
  tx: Repositories,
  letter: DocumentRecord,
  pdf: OutboxAttachment,
  now: Date,
): Promise<OutboxMail> {
  const recipient = await addresseeEmail(tx, letter);
  const settings = settingsOf(ctx);
  const format = createFormatter(INSTITUTION_LANGUAGE, settings.timeZone);
  const header = fill(MAIL_HEADER[INSTITUTION_LANGUAGE], {
    institution: settings.institutionName ?? 'Kanceleja',
    number: letter.registrationNumber,
    date: format.date(letter.registeredOn),
  });
  const body = (await tx.documents.letterDetails(letter.id))?.body?.trim() ?? '';
  const files = (await tx.attachments.list(letter.id)).map((file): OutboxAttachment => ({
    sha256: file.sha256,
    fileName: file.fileName,
    contentType: file.contentType,
  }));
  return tx.mailOutbox.enqueue({
    recipient,
    subject: `${letter.subject} (${letter.registrationNumber})`.replace(/[\r\n]+/g, ' ').slice(0, 200),
    body: body ? `${header}\n\n${body}\n` : `${header}\n`,
    createdAt: now,
    attachments: [pdf, ...files],
  });
}
