/** Prints one document's card, and the order sheet of an order: for whoever may see the document. */
import { settingsOf, type UseCaseContext } from '../../context.js';
import { Invalid, NotFound } from '../../errors.js';
import { loadDocumentCard } from '../../records/documentCard.js';
import { getDocument } from '../../records/documents.js';
import { createFormatter } from '../formatting.js';
import { label, noteKindLabel, statusLabel } from '../labels.js';
import type { DocumentRecord, Register } from '../../store/ports.js';
import type { ReportDataByKind } from '../reports/reportDefinitions.js';
import { printAs } from './printAs.js';
import type { PrintRequest, PrintResult } from './printRequest.js';

/** NotFound when the document does not exist or the actor may not see it (getDocument's rule). */
export async function printDocumentCard(
  ctx: UseCaseContext,
  documentId: string,
  request: PrintRequest,
): Promise<PrintResult> {
  // The card page's read model: its timeline and its task names in the reader's language.
  const card = await loadDocumentCard(ctx, documentId, request.locale);
  const { document } = card;
  const { timeZone } = settingsOf(ctx);
  const routing = await ctx.store.reports.documentRouting(document.id, timeZone);
  const localTaskNames = new Map(card.processes.flatMap((p) => p.tasks.map((t) => [t.id, t.name] as const)));
  const dates = createFormatter(request.locale, timeZone);
  const phrase = (key: string, fallback: string) => request.phrase?.(key) ?? fallback;
  const history = card.timeline.map((entry) => ({
    at: entry.at,
    actor: entry.actedFor ? label(request.locale, 'card.actedFor', { ...entry.actedFor }) : entry.who,
    action: [
      phrase(`timeline.${entry.code}`, entry.code),
      entry.priority ? `→ ${phrase(`priority.${entry.priority}`, entry.priority)}` : null,
      entry.newDate ? `→ ${dates.date(entry.newDate)}` : null,
      entry.link?.registrationNumber ?? null,
      entry.detail || null,
    ]
      .filter((part): part is string => part !== null)
      .join(' '),
  }));
  const thread = (await ctx.store.taskComments.listByDocument(document.id)).map((note) => ({
    at: note.createdAt,
    author: note.authorName,
    kind: noteKindLabel(request.locale, note.kind),
    to: note.addressedTo,
    text: note.body,
  }));
  return printCard(ctx, request, card, {
    correspondent: card.correspondent?.name ?? null,
    theirNumber: document.theirNumber,
    theirDate: document.theirDate,
    caseFile: card.caseFile ? `${card.caseFile.indexCode} ${card.caseFile.title}` : null,
    status: statusLabel(request.locale, document.status),
    dueDate: document.dueDate,
    executedOn: routing.executedOn,
    resolution: routing.resolution,
    // A deputy's work names whom it was done for ("Ilze Ozola for Pēteris Liepa").
    tasks: routing.tasks.map(({ completedFor, taskId, ...task }) => ({
      ...task,
      description: localTaskNames.get(taskId) ?? task.description,
      executor: completedFor ? label(request.locale, 'card.actedFor', { ...completedFor }) : task.executor,
    })),
    history,
    thread,
  });
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
    throw new Invalid('Only an order has an order sheet.', [
      { field: 'id', message: 'is not an order', code: 'problem.notOrder' },
    ]);
  const routing = await ctx.store.reports.documentRouting(document.id, settingsOf(ctx).timeZone);
  const points = linesOf(routing.order?.text);
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

/**
 * A letter as it leaves the institution (the PDF an e-mailed letter carries): the card's layout with
 * the letter's number, date, addressee, subject and text — and nothing of its internal routing (no
 * tasks, notes or history). The caller decides who may print it (the registry dispatching it).
 */
export async function printLetter(
  ctx: UseCaseContext,
  documentId: string,
  request: PrintRequest,
): Promise<PrintResult> {
  const document = await ctx.store.documents.get(documentId);
  const register = document ? await ctx.store.registers.get(document.registerId) : null;
  if (!document || !register) throw new NotFound('No such document.', 'refusal.noSuchDocument');
  const correspondent = document.correspondentId
    ? await ctx.store.correspondents.get(document.correspondentId)
    : null;
  return printCard(
    ctx,
    request,
    { document, register },
    {
      correspondent: correspondent?.name ?? null,
      theirNumber: null,
      theirDate: null,
      caseFile: null,
      status: statusLabel(request.locale, 'dispatched'),
      dueDate: null,
      executedOn: null,
      resolution: null,
      tasks: [],
      history: [],
      thread: [],
    },
  );
}

/** Non-empty, trimmed lines: a letter's paragraphs, an order's points. */
const linesOf = (text: string | null | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/**
 * A document on the card's layout, as a PDF: its number, date, register and subject, what `rest`
 * says, and the text of its letter (an outgoing letter, a notice to an applicant) below.
 */
async function printCard(
  ctx: UseCaseContext,
  request: PrintRequest,
  { document, register }: { document: DocumentRecord; register: Pick<Register, 'code' | 'name'> },
  rest: Omit<
    ReportDataByKind['card'],
    'registrationNumber' | 'registeredOn' | 'register' | 'subject' | 'text'
  >,
): Promise<PrintResult> {
  const letter = await ctx.store.documents.letterDetails(document.id);
  return printAs(
    ctx,
    'card',
    {
      registrationNumber: document.registrationNumber,
      registeredOn: document.registeredOn,
      register: `${register.code} — ${register.name}`,
      subject: document.subject,
      ...rest,
      text: linesOf(letter?.body),
    },
    { ...request, format: 'pdf' },
  );
}
