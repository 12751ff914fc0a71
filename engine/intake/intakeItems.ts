/**
 * The Intake page's use cases (issue 17, part 2): a registrar lists what arrived by e-mail, and per
 * item registers it (the new-document form prefilled), attaches it to an existing document (a reply
 * to one of ours, suggested by In-Reply-To/References or our number in the subject), or sets it
 * aside as not for registration. Every decision is audited; an item is decided once (its version).
 */
import type { Readable } from 'node:stream';
import { auditActor, type UseCaseContext } from '../context.js';
import { Invalid, NotFound } from '../errors.js';
import { attachPrepared, type PreparedAttachment } from '../records/attachments.js';
import { requireOpenDocument, viewerOf } from '../policies/document.js';
import { correspondentSummary, type CorrespondentSummary } from '../records/correspondents.js';
import { requireIntakeClerk } from '../policies/intake.js';
import {
  registerDocument,
  type RegisterDocumentProps,
  type RegisteredDocument,
} from '../records/registerDocument.js';
import type { IntakeItem, IntakeStatus } from '../store/intakePorts.js';
import type { Repositories } from '../store/ports.js';

export const INTAKE_PAGE_SIZE = 50;
const MAX_NOTE = 1000;

export interface SuggestedDocument {
  id: string;
  registrationNumber: string;
  subject: string;
  /** Why it is suggested: the message answers one of ours, or names its number. */
  reason: 'reply' | 'number';
}

export interface IntakeItemView {
  item: IntakeItem;
  correspondent: CorrespondentSummary | null;
  suggestions: SuggestedDocument[];
}

export async function listIntake(
  ctx: UseCaseContext,
  props: { status?: IntakeStatus; page?: number } = {},
): Promise<{ items: IntakeItem[]; total: number; page: number; pageSize: number }> {
  requireIntakeClerk(ctx.actor);
  const page = Math.max(1, Math.floor(props.page ?? 1));
  const { items, total } = await ctx.store.intake.list({
    ...(props.status ? { status: props.status } : {}),
    limit: INTAKE_PAGE_SIZE,
    offset: (page - 1) * INTAKE_PAGE_SIZE,
  });
  return { items, total, page, pageSize: INTAKE_PAGE_SIZE };
}

async function requireItem(ctx: UseCaseContext, id: string): Promise<IntakeItem> {
  const item = await ctx.store.intake.get(id);
  if (!item) throw new NotFound('No such intake item.', 'refusal.noSuchIntakeItem');
  return item;
}

/** Registration numbers a subject may name: "Re: Jūsu 3-12/2026/5." names 3-12/2026/5. */
export function numbersIn(text: string): string[] {
  const tokens = text
    .split(/[\s,;()[\]<>"'«»„“”]+/)
    .map((token) => token.replace(/^(nr\.?|no\.?|№|#)/i, '').replace(/[.:!?]+$/, ''))
    .filter((token) => token.length >= 2 && token.length <= 100 && /\d/.test(token));
  return [...new Set(tokens)].slice(0, 20);
}

/** Documents the clerk may see that the message answers or names, replies first. */
async function suggestionsFor(ctx: UseCaseContext, item: IntakeItem): Promise<SuggestedDocument[]> {
  const referenced = [item.inReplyTo, ...item.references].flatMap((id) => (id ? [id] : []));
  const replies = await ctx.store.intake.documentIdsByMessageIds(referenced);
  const named = await ctx.store.intake.documentIdsByNumbers(numbersIn(item.subject));
  const viewer = viewerOf(ctx.actor);
  const suggestions: SuggestedDocument[] = [];
  const seen = new Set<string>();
  for (const [ids, reason] of [
    [replies, 'reply'],
    [named, 'number'],
  ] as const) {
    for (const id of ids) {
      if (seen.has(id) || suggestions.length >= 5) continue;
      seen.add(id);
      // A forged In-Reply-To or a number of a document the clerk may not see suggests nothing.
      if (!(await ctx.store.documentAccess.canSee(id, viewer))) continue;
      const document = await ctx.store.documents.get(id);
      if (document) {
        suggestions.push({
          id,
          registrationNumber: document.registrationNumber,
          subject: document.subject,
          reason,
        });
      }
    }
  }
  return suggestions;
}

export async function getIntakeItem(ctx: UseCaseContext, id: string): Promise<IntakeItemView> {
  requireIntakeClerk(ctx.actor);
  const item = await requireItem(ctx, id);
  return {
    item,
    correspondent: item.correspondentId ? await correspondentSummary(ctx, item.correspondentId) : null,
    suggestions: item.status === 'new' ? await suggestionsFor(ctx, item) : [],
  };
}

/** The original message as a file, kept with the document so that its text and headers stay. */
function originalMessage(item: IntakeItem): PreparedAttachment[] {
  if (!item.emlSha256 || !item.emlSize) return [];
  const base = (
    item.subject
      .replace(/[\\/:*?"<>|]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || 'message'
  ).slice(0, 100);
  return [
    {
      fileName: `${base}.eml`,
      sha256: item.emlSha256,
      size: item.emlSize,
      contentType: 'message/rfc822',
      textContent: item.bodyText === '' ? null : item.bodyText,
    },
  ];
}

/** The files the item brings: the original message and the attachments it was accepted with. */
export function intakeFiles(item: IntakeItem): PreparedAttachment[] {
  return [...originalMessage(item), ...item.attachments];
}

function requireNew(item: IntakeItem, expectedVersion: number): void {
  if (item.status !== 'new' || item.version !== expectedVersion) {
    // The repository's decide says the same inside the transaction; this answers before any work.
    throw new Invalid(
      'The message was already dealt with.',
      [{ field: 'intake', message: 'the message was already dealt with', code: 'problem.intakeDecided' }],
      'refusal.intakeDecided',
    );
  }
}

async function auditDecision(
  ctx: UseCaseContext,
  tx: Repositories,
  item: IntakeItem,
  action: string,
  details: Record<string, string | null>,
): Promise<void> {
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: ctx.clock.now(),
    action,
    objectType: 'intake_item',
    objectId: item.id,
    details: { messageId: item.messageId, from: item.fromAddress, ...details },
  });
}

/**
 * Registers the item as a document: the form's props (prefilled from the item, changed by the
 * clerk), the item's files and any files the clerk added; the item is marked registered in the
 * same transaction, so a message is registered once.
 */
export async function registerIntakeItem(
  ctx: UseCaseContext,
  props: { itemId: string; expectedVersion: number } & RegisterDocumentProps,
): Promise<RegisteredDocument> {
  requireIntakeClerk(ctx.actor);
  const item = await requireItem(ctx, props.itemId);
  requireNew(item, props.expectedVersion);
  const { itemId: _itemId, expectedVersion, ...registration } = props;
  return registerDocument(ctx, {
    ...registration,
    attachments: [...intakeFiles(item), ...(props.attachments ?? [])],
    inTransaction: async (tx, document) => {
      await tx.intake.decide(item.id, expectedVersion, {
        status: 'registered',
        documentId: document.id,
        decidedBy: ctx.actor.id ?? '',
        decidedAt: ctx.clock.now(),
        note: null,
      });
      await auditDecision(ctx, tx, item, 'intake.registered', {
        documentId: document.id,
        registrationNumber: document.registrationNumber,
      });
    },
  });
}

/** Adds the item's message and files to a document the clerk may see, and marks it attached. */
export async function attachIntakeItem(
  ctx: UseCaseContext,
  props: { itemId: string; expectedVersion: number } & (
    { documentId: string } | { registrationNumber: string }
  ),
): Promise<IntakeItem> {
  requireIntakeClerk(ctx.actor);
  const item = await requireItem(ctx, props.itemId);
  requireNew(item, props.expectedVersion);
  const viewer = viewerOf(ctx.actor);
  let documentId: string | undefined;
  if ('documentId' in props) {
    documentId = (await ctx.store.documentAccess.canSee(props.documentId, viewer))
      ? props.documentId
      : undefined;
    if (!documentId) throw new NotFound('No such document.', 'refusal.noSuchDocument');
  } else {
    const number = props.registrationNumber.trim();
    for (const id of number === '' ? [] : await ctx.store.intake.documentIdsByNumbers([number])) {
      if (await ctx.store.documentAccess.canSee(id, viewer)) documentId = id;
    }
    if (!documentId) {
      throw new Invalid(
        'No document has this registration number.',
        [
          {
            field: 'registrationNumber',
            message: 'no document you may see has this number',
            code: 'problem.noDocumentWithNumber',
          },
        ],
        'refusal.noDocumentWithNumber',
      );
    }
  }
  const target = documentId;
  return ctx.store.transaction(async (tx) => {
    const document = await tx.documents.get(target);
    if (!document) throw new NotFound('No such document.', 'refusal.noSuchDocument');
    requireOpenDocument(document);
    const decided = await tx.intake.decide(item.id, props.expectedVersion, {
      status: 'attached',
      documentId: document.id,
      decidedBy: ctx.actor.id ?? '',
      decidedAt: ctx.clock.now(),
      note: null,
    });
    await attachPrepared(ctx, tx, document.id, intakeFiles(item));
    await auditDecision(ctx, tx, item, 'intake.attached', {
      documentId: document.id,
      registrationNumber: document.registrationNumber,
    });
    return decided;
  });
}

/** Keeps the item, marked as not for registration, with the clerk's reason. */
export async function setIntakeItemAside(
  ctx: UseCaseContext,
  props: { itemId: string; expectedVersion: number; note: string },
): Promise<IntakeItem> {
  requireIntakeClerk(ctx.actor);
  const note = props.note.trim();
  if (note.length > MAX_NOTE) {
    throw new Invalid(
      'The reason is too long.',
      [
        {
          field: 'note',
          message: `may be at most ${MAX_NOTE} characters long`,
          code: 'problem.tooLong',
          params: { max: MAX_NOTE },
        },
      ],
      'refusal.reasonTooLong',
    );
  }
  const item = await requireItem(ctx, props.itemId);
  requireNew(item, props.expectedVersion);
  return ctx.store.transaction(async (tx) => {
    const decided = await tx.intake.decide(item.id, props.expectedVersion, {
      status: 'set_aside',
      documentId: null,
      decidedBy: ctx.actor.id ?? '',
      decidedAt: ctx.clock.now(),
      note: note === '' ? null : note,
    });
    await auditDecision(ctx, tx, item, 'intake.set_aside', { note: note === '' ? null : note });
    return decided;
  });
}

/** One file of an item (the original message or an attachment) for the clerk to open. */
export async function openIntakeFile(
  ctx: UseCaseContext,
  props: { itemId: string; sha256: string },
): Promise<{ file: PreparedAttachment; content: Readable }> {
  requireIntakeClerk(ctx.actor);
  const item = await requireItem(ctx, props.itemId);
  const file = intakeFiles(item).find((candidate) => candidate.sha256 === props.sha256);
  if (!file) throw new NotFound('No such file.', 'refusal.noSuchIntakeFile');
  return { file, content: await ctx.store.blobs.open(file.sha256) };
}
