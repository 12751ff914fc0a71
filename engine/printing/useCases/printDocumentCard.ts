/** Prints one document's card, and the order sheet of an order: for whoever may see the document. */
import { settingsOf, type UseCaseContext } from '../../context.js';
import { Invalid } from '../../errors.js';
import { getDocument } from '../../records/documents.js';
import { label, noteKindLabel, statusLabel } from '../labels.js';
import { printAs } from './printAs.js';
import type { PrintRequest, PrintResult } from './printRequest.js';

/** NotFound when the document does not exist or the actor may not see it (getDocument's rule). */
export async function printDocumentCard(
  ctx: UseCaseContext,
  documentId: string,
  request: PrintRequest,
): Promise<PrintResult> {
  const card = await getDocument(ctx, documentId);
  const { document, register } = card;
  const routing = await ctx.store.reports.documentRouting(document.id, settingsOf(ctx).timeZone);
  const thread = (await ctx.store.taskComments.listByDocument(document.id)).map((note) => ({
    at: note.createdAt,
    author: note.authorName,
    kind: noteKindLabel(request.locale, note.kind),
    to: note.addressedTo,
    text: note.body,
  }));
  return printAs(
    ctx,
    'card',
    {
      registrationNumber: document.registrationNumber,
      registeredOn: document.registeredOn,
      register: `${register.code} — ${register.name}`,
      correspondent: card.correspondent?.name ?? null,
      theirNumber: document.theirNumber,
      theirDate: document.theirDate,
      subject: document.subject,
      caseFile: card.caseFile ? `${card.caseFile.indexCode} ${card.caseFile.title}` : null,
      status: statusLabel(request.locale, document.status),
      dueDate: document.dueDate,
      executedOn: routing.executedOn,
      resolution: routing.resolution,
      // A deputy's work names whom it was done for ("Ilze Ozola for Pēteris Liepa").
      tasks: routing.tasks.map(({ completedFor, ...task }) => ({
        ...task,
        executor: completedFor ? label(request.locale, 'card.actedFor', { ...completedFor }) : task.executor,
      })),
      history: routing.history.map(({ actedFor, ...entry }) => ({
        ...entry,
        actor: actedFor ? label(request.locale, 'card.actedFor', { ...actedFor }) : entry.actor,
      })),
      thread,
    },
    { ...request, format: 'pdf' },
  );
}

/** The order sheet: the order's text as numbered points (one per line), signed by whoever gave it. */
export async function printOrderSheet(
  ctx: UseCaseContext,
  documentId: string,
  request: PrintRequest & { place?: string },
): Promise<PrintResult> {
  const card = await getDocument(ctx, documentId);
  const { document, register } = card;
  if (register.kind !== 'order')
    throw new Invalid('Only an order has an order sheet.', [{ field: 'id', message: 'is not an order' }]);
  const routing = await ctx.store.reports.documentRouting(document.id, settingsOf(ctx).timeZone);
  const points = (routing.order?.text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return printAs(
    ctx,
    'order',
    {
      orderNumber: document.registrationNumber,
      issuedOn: document.registeredOn,
      place: request.place ?? request.institution.name,
      title: document.subject,
      preamble: null,
      points,
      signer: { position: '', name: routing.order?.givenBy ?? '' },
      approvals: [],
      acquainted: [],
    },
    { ...request, format: 'pdf' },
  );
}
