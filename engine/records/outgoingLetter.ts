/**
 * The outgoing letter (process `outgoing-letter`): an executor drafts it without a number, the
 * approvers endorse it one after another, the head signs it — and only then does it get its number
 * in the outgoing register, in the signing transaction — and the registry dispatches it. A reply
 * dispatched marks the incoming document it answers `answered`.
 */
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { type DocumentRecord, type Register, type Repositories } from '../store/ports.js';
import type { Attachment, Correspondent, NewCorrespondent } from '../store/recordPorts.js';
import type { JsonObject, TaskRecord } from '../store/workflowPorts.js';
import type { CompletedTask } from '../workflow/runtime/completeTask.js';
import { loadTask } from '../workflow/runtime/loadTask.js';
import { actingOnTask } from '../workflow/runtime/actingOnTask.js';
import { startProcessIn } from '../workflow/runtime/startProcess.js';
import { attachPrepared, type PreparedAttachment } from './attachments.js';
import { LETTER_REFUSED, prepareLetterPdf, queueLetterMail } from './letterMail.js';
import { completeTaskWith, taskOfForm } from './completeTaskWith.js';
import { correspondentOfNewDocument, validateCorrespondent } from './correspondents.js';
import { mayDraftLetters, maySignLetters, viewerOf } from '../policies/document.js';
import { takeRegistrationNumber } from './registrationNumber.js';
import { documentSearchText } from './searchText.js';
import { recordTaskNote } from './taskNotes.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import { confidentialityOf } from './confidentiality.js';

export const OUTGOING_LETTER_PROCESS = 'outgoing-letter';
/** How a letter leaves the institution (`internal` is for documents that never leave it). */
export const DISPATCH_CHANNELS = ['post', 'email', 'e_address', 'in_person', 'portal'] as const;
export type DispatchChannel = (typeof DISPATCH_CHANNELS)[number];
/** Statuses of the incoming document that a dispatched reply no longer changes. */
const FINAL_STATUSES = new Set(['answered', 'closed', 'filed', 'cancelled']);

export interface CreateDraftProps {
  /** An outgoing register. */
  registerId: string;
  subject: string;
  /** The letter's text; the signed original may also be an attachment. */
  body?: string | null;
  /** The addressee: an existing correspondent card, or `correspondent` to create one. */
  correspondentId?: string | null;
  correspondent?: NewCorrespondent | null;
  /** The incoming document this letter answers. */
  replyToId?: string | null;
  /** Usernames of the approvers, in the order they endorse the draft. */
  approvers: string[];
  confidentiality?: string;
  attachments?: PreparedAttachment[];
}

export interface DraftedLetter {
  document: DocumentRecord;
  correspondent: Correspondent | null;
  attachments: Attachment[];
  processInstanceId: string;
}

const DRAFT_REFUSED = 'The draft cannot be created.';

/** Executors, department heads, heads and registrars write letters; auditors only read. */
function requireMayDraft(ctx: UseCaseContext): string {
  const actorId = ctx.actor.id;
  if (actorId === null || !mayDraftLetters(ctx.actor)) {
    throw new Forbidden('You may not draft outgoing letters.', 'refusal.draftLetters');
  }
  return actorId;
}

function validateDraftShape(props: CreateDraftProps, problems: Problems) {
  if (!isUuid(props.registerId ?? ''))
    problems.add('registerId', 'no such outgoing register', 'problem.noOutgoingRegister');
  const subject = problems.text('subject', props.subject, 1000);
  const body = problems.optionalText('body', props.body, 20000);
  const confidentiality = confidentialityOf(problems, props.confidentiality);
  const approvers = [...new Set((props.approvers ?? []).map((a) => a.trim()).filter(Boolean))];
  if (approvers.length === 0)
    problems.add('approvers', 'name at least one approver', 'problem.approverNeeded');
  if (props.correspondentId && props.correspondent) {
    problems.add(
      'correspondent',
      'choose an existing card or describe a new one, not both',
      'problem.cardOrNew',
    );
  }
  if (!props.correspondentId && !props.correspondent)
    problems.add('correspondentId', 'name the addressee', 'problem.addresseeNeeded');
  if (props.correspondentId && !isUuid(props.correspondentId))
    problems.add('correspondentId', 'no such correspondent', 'problem.noCorrespondent');
  const newCorrespondent = props.correspondent
    ? validateCorrespondent(problems, props.correspondent, 'correspondent.')
    : null;
  return { subject, body, confidentiality, approvers, newCorrespondent };
}

async function validateDraftReferences(
  ctx: UseCaseContext,
  tx: Repositories,
  props: CreateDraftProps,
  approvers: string[],
  problems: Problems,
): Promise<Register> {
  const register = isUuid(props.registerId) ? await tx.registers.get(props.registerId) : null;
  if (!register || !register.active || register.kind !== 'outgoing') {
    problems.add('registerId', 'no such outgoing register', 'problem.noOutgoingRegister');
  }
  if (props.correspondentId && isUuid(props.correspondentId)) {
    if (!(await tx.correspondents.get(props.correspondentId)))
      problems.add('correspondentId', 'no such correspondent', 'problem.noCorrespondent');
  }
  // The same answer for "does not exist" and "may not see": a link must not reveal a document.
  if (props.replyToId && !(await tx.documentAccess.canSee(props.replyToId, viewerOf(ctx.actor)))) {
    problems.add('replyToId', `no such document: ${props.replyToId}`, 'problem.noDocument', {
      id: props.replyToId,
    });
  }
  for (const username of approvers) {
    const user = await tx.users.getByUsername(username);
    if (!user || !user.active)
      problems.add('approvers', `no such user: ${username}`, 'problem.noUser', { username });
  }
  problems.check(DRAFT_REFUSED, 'refusal.createDraft');
  const outgoing = register as Register;
  if (!outgoing.processKey || !(await tx.processDefinitions.latest(outgoing.processKey))) {
    throw new Conflict(
      `The routing process of ${outgoing.name} is not deployed; ask a process designer to deploy "${OUTGOING_LETTER_PROCESS}".`,
      'refusal.outgoingNotDeployed',
      { register: outgoing.name, key: OUTGOING_LETTER_PROCESS },
    );
  }
  return outgoing;
}

/** Stores the draft (no number), links it to the document it answers and starts the register's process. */
export async function createDraft(ctx: UseCaseContext, props: CreateDraftProps): Promise<DraftedLetter> {
  const actorId = requireMayDraft(ctx);
  const problems = new Problems();
  const input = validateDraftShape(props, problems);
  problems.check(DRAFT_REFUSED, 'refusal.createDraft');
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const register = await validateDraftReferences(ctx, tx, props, input.approvers, problems);
    const correspondent = await correspondentOfNewDocument(
      ctx,
      tx,
      { newCorrespondent: input.newCorrespondent, correspondentId: props.correspondentId },
      now,
    );
    const document = await tx.documents.insertDraft({
      registerId: register.id,
      draftedOn: localDate(now, settingsOf(ctx).timeZone),
      subject: input.subject,
      body: input.body,
      documentKind: 'letter',
      correspondentId: correspondent?.id ?? null,
      confidentiality: input.confidentiality,
      replyToId: props.replyToId ?? null,
      searchText: documentSearchText([input.subject, correspondent?.name]),
      createdBy: actorId,
    });
    if (props.replyToId) await tx.documentAccess.link(document.id, props.replyToId);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.drafted',
      objectType: 'document',
      objectId: document.id,
      details: {
        register: register.code,
        subject: document.subject,
        approvers: input.approvers,
        ...(props.replyToId ? { replyToId: props.replyToId } : {}),
        ...(correspondent ? { correspondent: correspondent.name } : {}),
      },
    });
    const attachments = await attachPrepared(ctx, tx, document.id, props.attachments ?? []);
    const variables: JsonObject = {
      documentId: document.id,
      subject: document.subject,
      registerCode: register.code,
      registrationNumber: '',
      author: ctx.actor.username,
      approvers: input.approvers,
      replyToId: props.replyToId ?? null,
    };
    const started = await startProcessIn(ctx, tx, {
      key: register.processKey as string,
      businessKey: document.id,
      variables,
    });
    return { document, correspondent, attachments, processInstanceId: started.instanceId };
  });
}

/** One approver's endorsement (vizēšana), or the draft returned to its author with a reason. */
export async function approveLetter(
  ctx: UseCaseContext,
  props: { taskId: string; approval: string; comment?: string | null },
): Promise<CompletedTask> {
  await taskOfForm(ctx, props.taskId, 'outgoing-approval');
  const problems = new Problems();
  const approval = problems.oneOf('approval', props.approval || undefined, ['approve', 'return'] as const);
  if (!approval) problems.add('approval', 'is required', 'problem.required');
  const comment = problems.optionalText('comment', props.comment, 4000);
  if (approval === 'return' && comment === null)
    problems.add('comment', 'say what the author should change', 'problem.sayWhatToChange');
  problems.check('The approval cannot be given.', 'refusal.approve');
  const task = await loadTask(ctx.store, props.taskId);
  // A deputy endorses on behalf of the approver, as any task completion.
  const acting = await actingOnTask(ctx, ctx.store, task);
  return completeTaskWith(acting, task, { approval, comment }, async (tx, claimed) => {
    await noteReview(acting, tx, claimed, approval === 'return', comment);
    return undefined;
  });
}

/**
 * The thread's entry of a review: a return, with its reason, to the draft's author (the author is
 * told "returned", with the reason: engine/notifications/notifyTaskEvents.ts); an endorsement's or
 * a signature's comment, when there is one.
 */
async function noteReview(
  ctx: UseCaseContext,
  tx: Repositories,
  task: TaskRecord,
  returned: boolean,
  comment: string | null,
): Promise<void> {
  if (!returned && comment === null) return;
  const instance = await tx.processInstances.get(task.instanceId);
  const author = instance?.variables.author;
  const authorName =
    typeof author === 'string' ? ((await tx.users.getByUsername(author))?.displayName ?? author) : null;
  await recordTaskNote(ctx.actor, ctx.clock.now(), tx, task, {
    kind: returned ? 'returned' : 'comment',
    body: comment ?? '',
    addressedTo: returned ? authorName : null,
  });
}

/** The draft behind a letter task, which must still be without a number. */
export async function draftOf(tx: Repositories, documentId: string | null): Promise<DocumentRecord> {
  const document = documentId ? await tx.documents.get(documentId) : null;
  if (!document) throw new NotFound('No such document.', 'refusal.noSuchDocument');
  if (document.sequence !== 0) {
    throw new Conflict(
      `The letter has its number ${document.registrationNumber} already.`,
      'refusal.letterNumbered',
      { number: document.registrationNumber },
    );
  }
  return document;
}

/**
 * The head signs the approved draft: the letter takes the outgoing register's next number in the
 * same transaction (gapless — a draft never signed consumes none); or returns it to its author.
 */
export async function signAndRegister(
  ctx: UseCaseContext,
  props: { taskId: string; signature: string; comment?: string | null },
): Promise<CompletedTask & { registrationNumber: string | null }> {
  if (!maySignLetters(ctx.actor))
    throw new Forbidden('Only the head signs outgoing letters.', 'refusal.headSigns');
  const task = await taskOfForm(ctx, props.taskId, 'outgoing-sign');
  const problems = new Problems();
  const signature = problems.oneOf('signature', props.signature || undefined, ['sign', 'return'] as const);
  if (!signature) problems.add('signature', 'is required', 'problem.required');
  const comment = problems.optionalText('comment', props.comment, 4000);
  if (signature === 'return' && comment === null)
    problems.add('comment', 'say what the author should change', 'problem.sayWhatToChange');
  problems.check('The letter cannot be signed.', 'refusal.sign');
  let registrationNumber: string | null = null;
  const completed = await completeTaskWith(ctx, task, { signature, comment }, async (tx) => {
    const draft = await draftOf(tx, task.businessKey);
    if (signature !== 'sign') {
      await noteReview(ctx, tx, task, true, comment);
      return undefined;
    }
    const register = await tx.registers.get(draft.registerId);
    if (!register) throw new NotFound('No such register.', 'refusal.noSuchRegister');
    const now = ctx.clock.now();
    const registeredOn = localDate(now, settingsOf(ctx).timeZone);
    const taken = await takeRegistrationNumber(tx, register, registeredOn);
    const correspondent = draft.correspondentId ? await tx.correspondents.get(draft.correspondentId) : null;
    const signed = await tx.documents.issueNumber(draft.id, draft.version, {
      ...taken,
      registeredOn,
      status: 'registered',
      searchText: documentSearchText([taken.registrationNumber, draft.subject, correspondent?.name]),
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.registered',
      objectType: 'document',
      objectId: signed.id,
      details: {
        registrationNumber: taken.registrationNumber,
        register: register.code,
        subject: signed.subject,
        signedBy: ctx.actor.username,
      },
    });
    registrationNumber = taken.registrationNumber;
    return { registrationNumber: taken.registrationNumber, signedBy: ctx.actor.username };
  });
  return { ...completed, registrationNumber };
}

/**
 * The registry sends the signed letter and records how and when; a reply marks its incoming document
 * answered. By e-mail (`channel` `email`) the letter is queued to the addressee's address with its PDF
 * and files; the audit event names the recipient and the outbox mail.
 */
export async function dispatchLetter(
  ctx: UseCaseContext,
  props: { taskId: string; channel: string; comment?: string | null },
): Promise<CompletedTask> {
  const task = await taskOfForm(ctx, props.taskId, 'outgoing-dispatch');
  const problems = new Problems();
  const channel = problems.oneOf<DispatchChannel>('channel', props.channel || undefined, DISPATCH_CHANNELS);
  if (!channel) problems.add('channel', 'is required', 'problem.required');
  const comment = problems.optionalText('comment', props.comment, 4000);
  problems.check(LETTER_REFUSED);
  // By e-mail: refused before anything changes when the addressee has no address; the PDF is printed
  // outside the transaction, the mail queued inside it (letterMail.ts).
  const pdf = channel === 'email' ? await prepareLetterPdf(ctx, task.businessKey) : null;
  return completeTaskWith(ctx, task, { channel, comment }, async (tx) => {
    const now = ctx.clock.now();
    const letter = task.businessKey ? await tx.documents.get(task.businessKey) : null;
    if (!letter) throw new NotFound('No such document.', 'refusal.noSuchDocument');
    if (letter.sequence === 0)
      throw new Conflict('An unsigned draft cannot be dispatched.', 'refusal.unsignedDispatch');
    const mail = pdf ? await queueLetterMail(ctx, tx, letter, pdf, now) : null;
    const sent = await tx.documents.recordDispatch(letter.id, letter.version, channel as string, now);
    await tx.documents.setStatus(sent.id, sent.version, 'dispatched');
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.dispatched',
      objectType: 'document',
      objectId: letter.id,
      details: {
        registrationNumber: letter.registrationNumber,
        channel,
        dispatchedAt: now.toISOString(),
        ...(mail ? { recipient: mail.recipient, mailId: mail.id } : {}),
      },
    });
    if (letter.replyToId) await markAnswered(ctx, tx, letter.replyToId, letter);
    return { dispatchedAt: now.toISOString() };
  });
}

async function markAnswered(
  ctx: UseCaseContext,
  tx: Repositories,
  incomingId: string,
  reply: DocumentRecord,
): Promise<void> {
  const incoming = await tx.documents.get(incomingId);
  if (!incoming || FINAL_STATUSES.has(incoming.status)) return;
  await tx.documents.setStatus(incoming.id, incoming.version, 'answered');
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: ctx.clock.now(),
    action: 'document.status_set',
    objectType: 'document',
    objectId: incoming.id,
    details: {
      from: incoming.status,
      to: 'answered',
      replyId: reply.id,
      replyNumber: reply.registrationNumber,
    },
  });
}
