/**
 * Registers a document: validates everything first, then takes the register's next number, stores
 * the document, its readers and links, and starts the register's routing process — all in one
 * transaction, so a refusal leaves nothing behind and consumes no number.
 */
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden } from '../errors.js';
import {
  CHANNELS,
  DOCUMENT_PRIORITIES,
  type Channel,
  type DocumentPriority,
  type DocumentRecord,
  type JsonValue,
  type Register,
  type Repositories,
} from '../store/ports.js';
import type { Attachment, Correspondent, NewCorrespondent } from '../store/recordPorts.js';
import type { JsonObject } from '../store/workflowPorts.js';
import type { RunnableDefinition } from '../workflow/runtime/engineSession.js';
import { findLatestDefinition } from '../workflow/runtime/definitions.js';
import { startProcessIn } from '../workflow/runtime/startProcess.js';
import { attachPrepared, type PreparedAttachment } from './attachments.js';
import { correspondentOfNewDocument, validateCorrespondent } from './correspondents.js';
import { registerDueDate } from './deadlineRule.js';
import { DOCUMENT_KINDS } from './documentKinds.js';
import { mayRegisterIn, viewerOf } from '../policies/document.js';
import { departmentCodeFor, takeRegistrationNumber } from './registrationNumber.js';
import { documentSearchText } from './searchText.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import { confidentialityOf } from './confidentiality.js';

export interface RegisterDocumentProps {
  registerId: string;
  subject: string;
  /** Defaults by register kind: `order` for orders, `application` for applications, else `letter`. */
  documentKind?: string;
  /** An existing correspondent card, or `correspondent` to create one. */
  correspondentId?: string | null;
  correspondent?: NewCorrespondent | null;
  theirNumber?: string | null;
  theirDate?: string | null;
  channel?: string | null;
  pages?: number | null;
  confidentiality?: string;
  /** `normal` (default) or `urgent`. */
  priority?: string;
  /** People who may read a restricted document (besides its registrar). */
  readerIds?: string[];
  caseFileId?: string | null;
  /** Overrides the register's deadline rule; then `dueDateReason` is required. */
  dueDate?: string | null;
  dueDateReason?: string | null;
  replyToId?: string | null;
  relatedIds?: string[];
  /** Files already stored and checked by prepareAttachment (the upload streams before the transaction). */
  attachments?: PreparedAttachment[];
  /** Runs in the registering transaction once the document is in (intake marks its item taken). */
  inTransaction?: (tx: Repositories, document: DocumentRecord) => Promise<void>;
}

export interface RegisteredDocument {
  document: DocumentRecord;
  correspondent: Correspondent | null;
  attachments: Attachment[];
  /** The routing process started for it, if the register has one. */
  processInstanceId: string | null;
}

const REFUSED = 'The document cannot be registered.';

function defaultKind(register: Register): string {
  if (register.kind === 'order') return 'order';
  if (register.kind === 'application') return 'application';
  return register.kind === 'internal' ? 'memo' : 'letter';
}

/** Checks the input alone, before anything is read from the store. */
function validateShape(props: RegisterDocumentProps, problems: Problems) {
  if (!isUuid(props.registerId ?? '')) problems.add('registerId', 'no such register', 'problem.noRegister');
  const subject = problems.text('subject', props.subject, 1000);
  const documentKind = props.documentKind
    ? problems.oneOf('documentKind', props.documentKind, DOCUMENT_KINDS)
    : null;
  const channel = problems.oneOf<Channel>('channel', props.channel ?? undefined, CHANNELS);
  const confidentiality = confidentialityOf(problems, props.confidentiality);
  const priority =
    problems.oneOf<DocumentPriority>('priority', props.priority ?? 'normal', DOCUMENT_PRIORITIES) ?? 'normal';
  if (
    props.pages !== undefined &&
    props.pages !== null &&
    (!Number.isInteger(props.pages) || props.pages < 0)
  ) {
    problems.add('pages', 'must be a whole number, 0 or more', 'problem.wholeNumber');
  }
  if (props.correspondentId && props.correspondent) {
    problems.add(
      'correspondent',
      'choose an existing card or describe a new one, not both',
      'problem.cardOrNew',
    );
  }
  if (props.correspondentId && !isUuid(props.correspondentId))
    problems.add('correspondentId', 'no such correspondent', 'problem.noCorrespondent');
  const newCorrespondent = props.correspondent
    ? validateCorrespondent(problems, props.correspondent, 'correspondent.')
    : null;
  const readerIds = [...new Set(props.readerIds ?? [])];
  if (readerIds.some((id) => !isUuid(id)))
    problems.add('readerIds', 'names someone who does not exist', 'problem.readerUnknown');
  if (readerIds.length > 0 && confidentiality !== 'restricted') {
    problems.add('readerIds', 'named readers are for restricted documents', 'problem.readersRestricted');
  }
  const linkedIds = [
    ...new Set([...(props.replyToId ? [props.replyToId] : []), ...(props.relatedIds ?? [])]),
  ];
  return {
    subject,
    documentKind,
    channel,
    confidentiality,
    priority,
    newCorrespondent,
    readerIds,
    linkedIds,
    theirNumber: problems.optionalText('theirNumber', props.theirNumber, 100),
    theirDate: problems.date('theirDate', props.theirDate),
    dueDate: problems.date('dueDate', props.dueDate),
    dueDateReason: problems.optionalText('dueDateReason', props.dueDateReason, 500),
  };
}

/**
 * Starts the register's routing process on a document just registered, inside the registration's
 * transaction (a register without a process starts none). The process receives the document's
 * number, subject, register, due date and who registered it (null for a portal application).
 */
export async function startRegistrationRouting(
  ctx: UseCaseContext,
  tx: Repositories,
  props: {
    register: Register;
    /** The register's latest process version, looked up (and refused if missing) before the number was taken. */
    definition: RunnableDefinition | null;
    document: DocumentRecord;
    registrarId: string | null;
  },
): Promise<{ processInstanceId: string | null; keepHot: () => void }> {
  const { register, definition, document } = props;
  if (!register.processKey || !definition) return { processInstanceId: null, keepHot: () => {} };
  const variables: JsonObject = {
    documentId: document.id,
    registrationNumber: document.registrationNumber,
    subject: document.subject,
    registerCode: register.code,
    dueDate: document.dueDate,
    registrarId: props.registrarId,
  };
  const started = await startProcessIn(
    ctx,
    tx,
    { key: register.processKey, businessKey: document.id, variables },
    definition,
  );
  return { processInstanceId: started.instanceId, keepHot: started.keepHot };
}

/**
 * The trail's `document.registered` event of a document just registered, by a registrar or by the
 * portal: its number, register, subject, confidentiality, due date (and why, where set by hand),
 * its correspondent, and what `more` the channel tells (the portal's e-service).
 */
export async function auditRegistration(
  ctx: Pick<UseCaseContext, 'actor'>,
  tx: Pick<Repositories, 'audit'>,
  props: {
    at: Date;
    register: Register;
    document: DocumentRecord;
    correspondent: Correspondent | null;
    more?: { [key: string]: JsonValue };
  },
): Promise<void> {
  const { document, correspondent } = props;
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: props.at,
    action: 'document.registered',
    objectType: 'document',
    objectId: document.id,
    details: {
      registrationNumber: document.registrationNumber,
      register: props.register.code,
      subject: document.subject,
      confidentiality: document.confidentiality,
      ...(document.priority === 'urgent' ? { priority: document.priority } : {}),
      dueDate: document.dueDate,
      ...(document.dueDateReason ? { dueDateReason: document.dueDateReason } : {}),
      ...(correspondent ? { correspondent: correspondent.name } : {}),
      ...props.more,
    },
  });
}

/** Checks what the input refers to, inside the registering transaction. */
async function validateReferences(
  ctx: UseCaseContext,
  tx: Repositories,
  props: RegisterDocumentProps,
  input: ReturnType<typeof validateShape>,
  problems: Problems,
  registeredOn: string,
) {
  const register = isUuid(props.registerId) ? await tx.registers.get(props.registerId) : null;
  if (!register || !register.active) problems.add('registerId', 'no such register', 'problem.noRegister');
  if (register && !mayRegisterIn(ctx.actor, register)) {
    throw new Forbidden(`You may not register documents in ${register.name}.`, 'refusal.registerIn', {
      register: register.name,
    });
  }
  // An application is answered to someone: without an applicant it could never be answered.
  if (register?.kind === 'application' && !props.correspondentId && !input.newCorrespondent) {
    problems.add(
      'correspondentId',
      'an application needs its applicant: choose a card or describe a new one',
      'problem.applicantRequired',
    );
  }
  if (
    props.correspondentId &&
    isUuid(props.correspondentId) &&
    !(await tx.correspondents.get(props.correspondentId))
  ) {
    problems.add('correspondentId', 'no such correspondent', 'problem.noCorrespondent');
  }
  for (const readerId of input.readerIds) {
    const reader = isUuid(readerId) ? await tx.users.get(readerId) : null;
    if (!reader || !reader.active)
      problems.add('readerIds', `no such user: ${readerId}`, 'problem.noUser', { username: readerId });
  }
  const viewer = viewerOf(ctx.actor);
  for (const linkedId of input.linkedIds) {
    // The same answer for "does not exist" and "may not see": a link must not reveal a document.
    if (!(await tx.documentAccess.canSee(linkedId, viewer))) {
      problems.add(
        linkedId === props.replyToId ? 'replyToId' : 'relatedIds',
        `no such document: ${linkedId}`,
        'problem.noDocument',
        { id: linkedId },
      );
    }
  }
  if (props.caseFileId) {
    const caseFile = isUuid(props.caseFileId) ? await tx.caseFiles.get(props.caseFileId) : null;
    if (!caseFile || !caseFile.active) problems.add('caseFileId', 'no such case file', 'problem.noCaseFile');
    else if (caseFile.year !== Number(registeredOn.slice(0, 4))) {
      problems.add('caseFileId', `the case file is of ${caseFile.year}`, 'problem.caseFileYear', {
        year: caseFile.year,
      });
    }
  }
  let dueDate = input.dueDate;
  let dueDateReason: string | null = null;
  const ruleDue = register ? registerDueDate(register, registeredOn, settingsOf(ctx).holidayCountry) : null;
  if (dueDate !== null && dueDate < registeredOn) {
    problems.add('dueDate', `is before the registration date ${registeredOn}`, 'problem.beforeRegistration', {
      date: registeredOn,
    });
  } else if (dueDate !== null && dueDate !== ruleDue) {
    if (ruleDue !== null && input.dueDateReason === null) {
      problems.add(
        'dueDateReason',
        `is required when the due date differs from the rule (${ruleDue})`,
        'problem.reasonForDueDate',
        { date: ruleDue },
      );
    }
    dueDateReason = input.dueDateReason;
  }
  dueDate ??= ruleDue;
  problems.check(REFUSED, 'refusal.registerDocument');
  return { register: register as Register, dueDate, dueDateReason };
}

export async function registerDocument(
  ctx: UseCaseContext,
  props: RegisterDocumentProps,
): Promise<RegisteredDocument> {
  const actorId = ctx.actor.id;
  if (actorId === null)
    throw new Forbidden('Documents are registered by people.', 'refusal.registeredByPeople');
  const problems = new Problems();
  const input = validateShape(props, problems);
  problems.check(REFUSED, 'refusal.registerDocument');
  const now = ctx.clock.now();
  const registeredOn = localDate(now, settingsOf(ctx).timeZone);

  const registered = await ctx.store.transaction(async (tx) => {
    const { register, dueDate, dueDateReason } = await validateReferences(
      ctx,
      tx,
      props,
      input,
      problems,
      registeredOn,
    );

    const definition = register.processKey ? await findLatestDefinition(tx, register.processKey) : null;
    if (register.processKey && !definition) {
      throw new Conflict(
        `The routing process "${register.processKey}" of ${register.name} is not deployed; ask a process designer.`,
        'refusal.processNotDeployed',
        { key: register.processKey, register: register.name },
      );
    }
    // Read before the number is taken: from then on the register's counter row stays locked until
    // commit, so every concurrent registration in the register waits for what follows.
    const departmentCode = await departmentCodeFor(tx, register);

    const correspondent = await correspondentOfNewDocument(
      ctx,
      tx,
      { newCorrespondent: input.newCorrespondent, correspondentId: props.correspondentId },
      now,
    );
    const { year, sequence, registrationNumber } = await takeRegistrationNumber(
      tx,
      register,
      registeredOn,
      departmentCode,
    );

    const document = await tx.documents.insert({
      registerId: register.id,
      year,
      sequence,
      registrationNumber,
      registeredOn,
      subject: input.subject,
      documentKind: input.documentKind ?? defaultKind(register),
      correspondentId: correspondent?.id ?? null,
      theirNumber: input.theirNumber,
      theirDate: input.theirDate,
      channel: input.channel,
      pages: props.pages ?? null,
      confidentiality: input.confidentiality,
      priority: input.priority,
      caseFileId: props.caseFileId ?? null,
      dueDate,
      dueDateReason,
      replyToId: props.replyToId ?? null,
      searchText: documentSearchText([
        registrationNumber,
        input.subject,
        correspondent?.name,
        input.theirNumber,
      ]),
      createdBy: actorId,
    });
    for (const readerId of input.readerIds) {
      await tx.documentAccess.grant({
        documentId: document.id,
        userId: readerId,
        departmentId: null,
        reason: 'reader',
        grantedBy: actorId,
      });
    }
    for (const linkedId of input.linkedIds) await tx.documentAccess.link(document.id, linkedId);
    await auditRegistration(ctx, tx, { at: now, register, document, correspondent });
    const attachments = await attachPrepared(ctx, tx, document.id, props.attachments ?? []);

    const { processInstanceId, keepHot } = await startRegistrationRouting(ctx, tx, {
      register,
      definition,
      document,
      registrarId: actorId,
    });
    await props.inTransaction?.(tx, document);
    return { result: { document, correspondent, attachments, processInstanceId }, keepHot };
  });
  // Committed: the head's resolution, the next step, may reuse the started engine.
  registered.keepHot();
  return registered.result;
}
