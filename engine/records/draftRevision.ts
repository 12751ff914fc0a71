/**
 * The rework of an outgoing draft returned by an approver or the head: its author (the rework
 * task's assignee, or their deputy) changes the subject, the text, the addressee and the files of
 * the draft while it has no number, and sends it for another review by completing the rework task —
 * all in the task step's transaction. Each revision is an audit event on the document with what
 * changed (old → new, files added and removed) and a `revised` note in its thread; the approvers
 * are told that the draft was revised (engine/notifications/notifyTaskEvents.ts), and their task
 * pages show what changed since each of them last reviewed it (`draftChangesForReviewer`).
 */
import { auditActor, type UseCaseContext } from '../context.js';
import type { Repositories, JsonValue } from '../store/ports.js';
import type { Attachment, Correspondent, NewCorrespondent } from '../store/recordPorts.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import type { CompletedTask } from '../workflow/runtime/completeTask.js';
import { actingOnTask } from '../workflow/runtime/actingOnTask.js';
import { attachPrepared, type PreparedAttachment, refreshSearchText } from './attachments.js';
import { completeTaskWith, taskOfForm } from './completeTaskWith.js';
import { correspondentOfNewDocument, validateCorrespondent } from './correspondents.js';
import { draftOf } from './outgoingLetter.js';
import { viewerOf } from '../policies/document.js';
import { documentSearchText } from './searchText.js';
import { recordTaskNote } from './taskNotes.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import { type DiffPart, wordDiff } from './wordDiff.js';

export const REWORK_FORM = 'outgoing-rework';
/** The forms whose completion is a review of the draft: an endorsement or a signature (or a return). */
const REVIEW_FORMS = new Set(['outgoing-approval', 'outgoing-sign']);
const REVISED = 'document.draft_revised';
const REFUSED = 'The draft cannot be revised.';

/** What the author changes; a field left out (undefined) stays as it is. */
export interface ReworkDraftProps {
  taskId: string;
  subject?: string;
  body?: string | null;
  /** The addressee: an existing card, or `correspondent` to create one. */
  correspondentId?: string | null;
  correspondent?: NewCorrespondent | null;
  /** Files of the draft to take off it. */
  removeAttachmentIds?: string[];
  /** New files, stored and checked already (prepareAttachment). */
  attachments?: PreparedAttachment[];
  /** What was changed, or why the draft stands as it was: for the approvers and the thread. */
  comment?: string | null;
}

export interface FieldChange {
  from: string | null;
  to: string | null;
}

export interface FileRef {
  id: string;
  fileName: string;
}

/** One version of a draft after the first, as its audit event records it. */
export interface DraftRevision {
  /** 2 for the first rework (the draft as created is version 1). */
  revision: number;
  subject: FieldChange | null;
  body: FieldChange | null;
  /** The addressee's name before and after. */
  correspondent: FieldChange | null;
  attachmentsAdded: FileRef[];
  attachmentsRemoved: FileRef[];
}

const change = (from: string | null, to: string | null): FieldChange | null =>
  from === to ? null : { from, to };

function validateShape(props: ReworkDraftProps, problems: Problems) {
  const subject = props.subject === undefined ? undefined : problems.text('subject', props.subject, 1000);
  const body = props.body === undefined ? undefined : problems.optionalText('body', props.body, 20000);
  if (props.correspondentId && props.correspondent) {
    problems.add(
      'correspondent',
      'choose an existing card or describe a new one, not both',
      'problem.cardOrNew',
    );
  }
  if (props.correspondentId === null && !props.correspondent)
    problems.add('correspondentId', 'name the addressee', 'problem.addresseeNeeded');
  if (props.correspondentId && !isUuid(props.correspondentId)) {
    problems.add('correspondentId', 'no such correspondent', 'problem.noCorrespondent');
  }
  const newCorrespondent = props.correspondent
    ? validateCorrespondent(problems, props.correspondent, 'correspondent.')
    : null;
  const removeIds = [...new Set(props.removeAttachmentIds ?? [])];
  for (const id of removeIds) {
    if (!isUuid(id))
      problems.add('removeAttachmentIds', `no such file of this draft: ${id}`, 'problem.noDraftFile', { id });
  }
  const comment = problems.optionalText('comment', props.comment, 4000);
  return { subject, body, newCorrespondent, removeIds, comment };
}

async function firstApproverName(tx: Repositories, approvers: JsonValue | undefined): Promise<string | null> {
  const first = Array.isArray(approvers) && typeof approvers[0] === 'string' ? approvers[0] : null;
  return first ? ((await tx.users.getByUsername(first))?.displayName ?? first) : null;
}

/**
 * Completes the rework task `taskId` with the author's changes to the draft. Refused (nothing
 * changed) unless the actor holds the task, the draft has no number yet, and the input is valid;
 * a rework that changes nothing needs a comment saying why the draft stands.
 */
export async function reworkDraft(
  caller: UseCaseContext,
  props: ReworkDraftProps,
): Promise<CompletedTask & { revision: DraftRevision | null }> {
  const found = await taskOfForm(caller, props.taskId, REWORK_FORM);
  const ctx = await actingOnTask(caller, caller.store, found);
  const problems = new Problems();
  const input = validateShape(props, problems);
  problems.check(REFUSED, 'refusal.reviseDraft');
  let revision: DraftRevision | null = null;
  const completed = await completeTaskWith(
    ctx,
    found,
    { comment: input.comment },
    async (tx, task: TaskRecord, instance) => {
      const draft = await draftOf(tx, task.businessKey);
      const body = (await tx.documents.letterDetails(draft.id))?.body ?? null;
      const current = draft.correspondentId ? await tx.correspondents.get(draft.correspondentId) : null;
      if (props.correspondentId && !(await tx.correspondents.get(props.correspondentId))) {
        problems.add('correspondentId', 'no such correspondent', 'problem.noCorrespondent');
      }
      const listed = await tx.attachments.list(draft.id);
      const removed: Attachment[] = [];
      for (const id of input.removeIds) {
        const file = listed.find((a) => a.id === id);
        if (file) removed.push(file);
        else
          problems.add('removeAttachmentIds', `no such file of this draft: ${id}`, 'problem.noDraftFile', {
            id,
          });
      }
      problems.check(REFUSED, 'refusal.reviseDraft');
      const now = ctx.clock.now();
      const correspondent: Correspondent | null =
        input.newCorrespondent || props.correspondentId
          ? await correspondentOfNewDocument(
              ctx,
              tx,
              { newCorrespondent: input.newCorrespondent, correspondentId: props.correspondentId },
              now,
            )
          : current;
      const after = {
        subject: input.subject ?? draft.subject,
        body: input.body === undefined ? body : input.body,
        correspondentId: correspondent?.id ?? null,
      };
      const subjectChange = change(draft.subject, after.subject);
      const bodyChange = change(body, after.body);
      const correspondentChange =
        (current?.id ?? null) === after.correspondentId
          ? null
          : { from: current?.name ?? null, to: correspondent?.name ?? null };
      const newFiles = props.attachments ?? [];
      const contentChanged = subjectChange !== null || bodyChange !== null || correspondentChange !== null;
      if (!contentChanged && removed.length === 0 && newFiles.length === 0) {
        if (input.comment === null)
          problems.add('comment', 'change the draft or say why it stands as it is', 'problem.changeOrSay');
        problems.check(REFUSED, 'refusal.reviseDraft');
      }
      let variables: { [key: string]: JsonValue } | undefined;
      if (contentChanged || removed.length > 0 || newFiles.length > 0) {
        if (contentChanged) {
          await tx.documents.reviseDraft(draft.id, draft.version, {
            ...after,
            searchText: documentSearchText([after.subject, correspondent?.name]),
          });
        }
        for (const file of removed) {
          await tx.attachments.remove(file.id, draft.id, ctx.actor.id, now);
          await tx.audit.append({
            ...auditActor(ctx.actor),
            occurredAt: now,
            action: 'attachment.removed',
            objectType: 'document',
            objectId: draft.id,
            details: { attachmentId: file.id, fileName: file.fileName, sha256: file.sha256, size: file.size },
          });
        }
        const added = await attachPrepared(ctx, tx, draft.id, newFiles);
        await refreshSearchText(tx, draft.id);
        const previous = instance.variables.draftRevision;
        revision = {
          revision: (typeof previous === 'number' ? previous : 1) + 1,
          subject: subjectChange,
          body: bodyChange,
          correspondent: correspondentChange,
          attachmentsAdded: added.map((a) => ({ id: a.id, fileName: a.fileName })),
          attachmentsRemoved: removed.map((a) => ({ id: a.id, fileName: a.fileName })),
        };
        await tx.audit.append({
          ...auditActor(ctx.actor),
          occurredAt: now,
          action: REVISED,
          objectType: 'document',
          objectId: draft.id,
          details: { taskId: task.id, ...(revision as unknown as { [key: string]: JsonValue }) },
        });
        variables = { draftRevision: revision.revision, subject: after.subject };
      }
      await recordTaskNote(ctx.actor, now, tx, task, {
        kind: 'revised',
        body: input.comment ?? '',
        addressedTo: await firstApproverName(tx, instance.variables.approvers),
      });
      return variables;
    },
  );
  return { ...completed, revision };
}

/** What changed in a draft since a reviewer last endorsed, signed or returned it. */
export interface DraftChangesSince {
  /** When the reviewer last completed a review of this draft. */
  since: Date;
  /** How many revisions were made since. */
  revisions: number;
  subject: (FieldChange & { diff: DiffPart[] }) | null;
  body: (FieldChange & { diff: DiffPart[] }) | null;
  correspondent: FieldChange | null;
  attachmentsAdded: string[];
  attachmentsRemoved: string[];
}

const textOf = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);

function fieldOf(details: { [key: string]: JsonValue }, name: string): FieldChange | null {
  const value = details[name];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  return { from: textOf(value.from), to: textOf(value.to) };
}

/** From the value before the first change to the value after the last; null when back where it was. */
function overall(changes: (FieldChange | null)[]): FieldChange | null {
  const present = changes.filter((c): c is FieldChange => c !== null);
  const first = present[0];
  const last = present.at(-1);
  return first && last ? change(first.from, last.to) : null;
}

const withDiff = (field: FieldChange | null) =>
  field ? { ...field, diff: wordDiff(field.from ?? '', field.to ?? '') } : null;

/**
 * For the page of a review task (`outgoing-approval`, `outgoing-sign`): what changed in its draft
 * since `reviewer` last completed a review of it in the same routing; null when they never did, or
 * nothing changed since. A read-only query, called after the page has checked that the actor may
 * see the task and its document.
 */
export async function draftChangesForReviewer(
  ctx: UseCaseContext,
  task: TaskRecord,
  reviewer: string,
): Promise<DraftChangesSince | null> {
  if (!task.formKey || !REVIEW_FORMS.has(task.formKey) || !task.businessKey) return null;
  const reviews = (await ctx.store.tasks.listByInstance(task.instanceId)).filter(
    (t) =>
      t.id !== task.id &&
      t.status === 'completed' &&
      t.completedBy === reviewer &&
      t.formKey !== null &&
      REVIEW_FORMS.has(t.formKey) &&
      t.completedAt !== null,
  );
  const since = reviews.map((t) => t.completedAt as Date).sort((a, b) => b.getTime() - a.getTime())[0];
  if (!since) return null;
  const events = (
    await ctx.store.audit.list({ objectType: 'document', objectId: task.businessKey, limit: 1000 })
  ).filter((event) => event.occurredAt.getTime() > since.getTime());
  const revisions = events.filter((event) => event.action === REVISED);
  const added = new Map<string, string>();
  const removed = new Map<string, string>();
  for (const event of events) {
    const id = textOf(event.details.attachmentId);
    const fileName = textOf(event.details.fileName);
    if (!id || !fileName) continue;
    if (event.action === 'attachment.added') added.set(id, fileName);
    if (event.action === 'attachment.removed') {
      // A file added and removed again since is no change.
      if (!added.delete(id)) removed.set(id, fileName);
    }
  }
  const subject = overall(revisions.map((event) => fieldOf(event.details, 'subject')));
  const body = overall(revisions.map((event) => fieldOf(event.details, 'body')));
  const correspondent = overall(revisions.map((event) => fieldOf(event.details, 'correspondent')));
  if (!subject && !body && !correspondent && added.size === 0 && removed.size === 0) return null;
  return {
    since,
    revisions: revisions.length,
    subject: withDiff(subject),
    body: withDiff(body),
    correspondent,
    attachmentsAdded: [...added.values()],
    attachmentsRemoved: [...removed.values()],
  };
}

/** An outgoing letter as its task pages show it: the draft, whom it answers, what changed. */
export interface LetterOfTask {
  documentId: string;
  subject: string;
  registrationNumber: string;
  body: string | null;
  addressee: { name: string; kind: Correspondent['kind'] } | null;
  /** The incoming document the letter answers, when the viewer may see it. */
  replyTo: { id: string; registrationNumber: string; subject: string } | null;
  attachments: Attachment[];
  /** For an open review task: what changed since its reviewer's previous review. */
  changes: DraftChangesSince | null;
}

const LETTER_FORMS = new Set(['outgoing-approval', 'outgoing-sign', REWORK_FORM, 'outgoing-dispatch']);

/**
 * The letter behind a task of the outgoing-letter process, or null for any other task. A read-only
 * query, called after the page has checked that the actor may see the task and its document.
 */
export async function letterOfTask(ctx: UseCaseContext, task: TaskRecord): Promise<LetterOfTask | null> {
  if (!task.formKey || !LETTER_FORMS.has(task.formKey) || !task.businessKey || !isUuid(task.businessKey)) {
    return null;
  }
  const document = await ctx.store.documents.get(task.businessKey);
  if (!document) return null;
  const details = await ctx.store.documents.letterDetails(document.id);
  const correspondent = document.correspondentId
    ? await ctx.store.correspondents.get(document.correspondentId)
    : null;
  const answered =
    document.replyToId && (await ctx.store.documentAccess.canSee(document.replyToId, viewerOf(ctx.actor)))
      ? await ctx.store.documents.get(document.replyToId)
      : null;
  return {
    documentId: document.id,
    subject: document.subject,
    registrationNumber: document.registrationNumber,
    body: details?.body ?? null,
    addressee: correspondent ? { name: correspondent.name, kind: correspondent.kind } : null,
    replyTo: answered
      ? { id: answered.id, registrationNumber: answered.registrationNumber, subject: answered.subject }
      : null,
    attachments: await ctx.store.attachments.list(document.id),
    changes:
      task.status === 'open'
        ? await draftChangesForReviewer(ctx, task, task.assignee ?? ctx.actor.username)
        : null,
  };
}
