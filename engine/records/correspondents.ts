/** Correspondent cards: the people and organisations documents come from and go to. */
import { auditActor, type UseCaseContext } from '../context.js';
import { NotFound } from '../errors.js';
import type { DocumentRecord, Page, Repositories } from '../store/ports.js';
import { CORRESPONDENT_KINDS, type Correspondent, type NewCorrespondent } from '../store/recordPorts.js';
import { requireRecordsWorker, requireRecordsWriter } from '../policies/records.js';
import { viewerOf } from '../policies/document.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';

/** A correspondent as lists show it: a person's code is masked. */
export interface CorrespondentSummary extends Omit<Correspondent, 'registrationCode'> {
  registrationCode: string | null;
}

/** `010190-12345` → `010190-*****`: enough to tell two namesakes apart, not enough to misuse. */
export function maskPersonalCode(code: string): string {
  const shown = Math.min(6, Math.floor(code.length / 2));
  return code.slice(0, shown) + code.slice(shown).replace(/[\p{L}\p{N}]/gu, '*');
}

export function summarise(correspondent: Correspondent): CorrespondentSummary {
  return {
    ...correspondent,
    registrationCode:
      correspondent.kind === 'person' && correspondent.registrationCode
        ? maskPersonalCode(correspondent.registrationCode)
        : correspondent.registrationCode,
  };
}

/** Validates a new card; problems are reported under `prefix` (e.g. `correspondent.name`). */
export function validateCorrespondent(
  problems: Problems,
  props: NewCorrespondent,
  prefix = '',
): NewCorrespondent {
  const kind = problems.oneOf(`${prefix}kind`, props.kind, CORRESPONDENT_KINDS) ?? 'person';
  const email = problems.optionalText(`${prefix}email`, props.email, 200);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    problems.add(`${prefix}email`, 'is not an e-mail address', 'problem.email');
  return {
    kind,
    name: problems.text(`${prefix}name`, props.name, 300),
    registrationCode: problems.optionalText(`${prefix}registrationCode`, props.registrationCode, 50),
    address: problems.optionalText(`${prefix}address`, props.address, 500),
    email,
    phone: problems.optionalText(`${prefix}phone`, props.phone, 50),
    eAddress: problems.optionalText(`${prefix}eAddress`, props.eAddress, 200),
  };
}

export async function createCorrespondent(
  ctx: UseCaseContext,
  props: NewCorrespondent,
): Promise<Correspondent> {
  requireRecordsWriter(ctx.actor, 'create correspondent cards');
  const problems = new Problems();
  const card = validateCorrespondent(problems, props);
  problems.check('The correspondent card cannot be created.', 'refusal.createCorrespondent');
  return ctx.store.transaction((tx) => insertCorrespondent(ctx, tx, card, ctx.clock.now()));
}

/** Stores a validated card inside the caller's transaction, with its audit event. */
export async function insertCorrespondent(
  ctx: UseCaseContext,
  tx: Repositories,
  card: NewCorrespondent,
  now: Date,
): Promise<Correspondent> {
  const created = await tx.correspondents.insert(card);
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: now,
    action: 'correspondent.created',
    objectType: 'correspondent',
    objectId: created.id,
    details: { kind: created.kind, name: created.name },
  });
  return created;
}

/** The correspondent a new document names: a card created with it, an existing card, or none. */
export async function correspondentOfNewDocument(
  ctx: UseCaseContext,
  tx: Repositories,
  choice: {
    newCorrespondent: NewCorrespondent | null | undefined;
    correspondentId: string | null | undefined;
  },
  now: Date,
): Promise<Correspondent | null> {
  if (choice.newCorrespondent) return insertCorrespondent(ctx, tx, choice.newCorrespondent, now);
  return choice.correspondentId ? tx.correspondents.get(choice.correspondentId) : null;
}

/** One correspondent card as a registering clerk sees it (personal code masked), or null. */
export async function correspondentSummary(
  ctx: UseCaseContext,
  correspondentId: string,
): Promise<CorrespondentSummary | null> {
  requireRecordsWorker(ctx.actor, 'look up correspondents');
  const correspondent = isUuid(correspondentId) ? await ctx.store.correspondents.get(correspondentId) : null;
  return correspondent ? summarise(correspondent) : null;
}

/** Look-up while registering: name or code, ignoring case and diacritics. */
export async function findCorrespondents(ctx: UseCaseContext, text: string): Promise<CorrespondentSummary[]> {
  requireRecordsWorker(ctx.actor, 'look up correspondents');
  if (text.trim().length < 2) return [];
  return (await ctx.store.correspondents.find(text, 20)).map(summarise);
}

export interface CorrespondentCard {
  correspondent: Correspondent;
  /** Every document to and from the correspondent that the viewer may see, newest first. */
  documents: Page<DocumentRecord>;
}

export async function getCorrespondentCard(
  ctx: UseCaseContext,
  props: { id: string; limit?: number; offset?: number },
): Promise<CorrespondentCard> {
  requireRecordsWorker(ctx.actor, 'see correspondent cards');
  const correspondent = await ctx.store.correspondents.get(props.id);
  if (!correspondent) throw new NotFound('No such correspondent.', 'refusal.noSuchCorrespondent');
  const documents = await ctx.store.documents.search(
    { correspondentId: correspondent.id, limit: props.limit ?? 50, offset: props.offset ?? 0 },
    viewerOf(ctx.actor),
  );
  return { correspondent, documents };
}
