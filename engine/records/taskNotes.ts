/**
 * The thread of a document: the note each step leaves (the head's resolution or order, an
 * executor's comment, a return and its reason, every report, an acceptance, a delegation) is kept
 * as its own entry of `task_comments`, next to the free comments, with its kind and whom the step
 * went to. Process variables (`comment`, `report`) are overwritten by the next step; the thread
 * never is. Every entry is an audit event on its document (the card's history).
 */
import { type Actor, auditActor, type UseCaseContext } from '../context.js';
import { isUuid } from '../store/ids.js';
import type { Repositories, JsonValue } from '../store/ports.js';
import type { CommentKind, TaskComment } from '../store/taskCommentPorts.js';
import type { JsonObject, ProcessInstance, TaskRecord } from '../store/workflowPorts.js';
import { type CompletedTask } from '../workflow/runtime/completeTask.js';
import { loadTask } from '../workflow/runtime/loadTask.js';
import { actingOnTask } from '../workflow/runtime/actingOnTask.js';
import { actorGroups, requireMayComplete } from '../policies/task.js';
import { completeTaskWith } from './completeTaskWith.js';

/** The audit action of each kind: what the card's history says happened. */
const ACTIONS: Record<CommentKind, string> = {
  comment: 'commented',
  resolution: 'resolved',
  order: 'order_given',
  done: 'executed',
  returned: 'returned',
  report: 'reported',
  accepted: 'accepted',
  delegated: 'delegated',
  revised: 'reworked',
  // Written by engine/guests/guestAccess.ts, with its own audit events; listed for completeness.
  guest_comment: 'guest_commented',
  guest_agreed: 'guest_endorsed',
  guest_disagreed: 'guest_endorsed',
};

export interface TaskNote {
  kind: CommentKind;
  body: string;
  /** Whom the step went to, as people know them ("Anna Bērziņa", "BUV, FIN"). */
  addressedTo?: string | null;
}

type NoteRepositories = Pick<Repositories, 'taskComments' | 'documents' | 'audit'>;

/** Adds `note` to the thread of `task`'s document (or of the task alone), with its audit event. */
export async function recordTaskNote(
  actor: Actor,
  now: Date,
  tx: NoteRepositories,
  task: TaskRecord,
  note: TaskNote,
): Promise<TaskComment> {
  const documentId =
    task.businessKey && isUuid(task.businessKey) && (await tx.documents.get(task.businessKey))
      ? task.businessKey
      : null;
  const comment = await tx.taskComments.insert({
    taskId: task.id,
    documentId,
    authorId: actor.id,
    authorName: actor.displayName,
    onBehalfOfId: actor.onBehalfOfId ?? null,
    body: note.body,
    createdAt: now,
    kind: note.kind,
    addressedTo: note.addressedTo ?? null,
  });
  await tx.audit.append({
    ...auditActor(actor),
    occurredAt: now,
    action: `${documentId ? 'document' : 'task'}.${ACTIONS[note.kind]}`,
    objectType: documentId ? 'document' : 'task',
    objectId: documentId ?? task.id,
    details: {
      commentId: comment.id,
      taskId: task.id,
      taskName: task.name,
      processInstanceId: task.instanceId,
      kind: note.kind,
      ...(note.addressedTo ? { to: note.addressedTo } : {}),
      ...(note.body ? { comment: note.body } : {}),
    },
  });
  return comment;
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value.trim() : '');
const list = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

async function namesOf(tx: Pick<Repositories, 'users'>, usernames: string[]): Promise<string> {
  const names = [];
  for (const username of usernames) {
    names.push((await tx.users.getByUsername(username))?.displayName ?? username);
  }
  return names.join(', ');
}

/** Who wrote the resolution an execution task came from: the last one to complete it. */
async function resolver(tx: Pick<Repositories, 'tasks' | 'users'>, task: TaskRecord): Promise<string | null> {
  const resolutions = (await tx.tasks.listByInstance(task.instanceId)).filter(
    (t) => t.formKey === 'resolution' && t.status === 'completed' && t.completedBy,
  );
  resolutions.sort((a, b) => (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0));
  const last = resolutions.at(-1);
  return last?.completedBy ? namesOf(tx, [last.completedBy]) : null;
}

/** The note a completion of `task` with `output` leaves, if any. */
export async function noteOfCompletion(
  tx: Pick<Repositories, 'tasks' | 'users'>,
  task: TaskRecord,
  output: JsonObject,
  variables: JsonObject,
): Promise<TaskNote | null> {
  const comment = text(output.comment);
  switch (task.formKey) {
    case 'resolution':
      return {
        kind: 'resolution',
        body: text(output.text),
        addressedTo: output.decision === 'execute' ? await namesOf(tx, list(output.executors)) : null,
      };
    case 'order':
      return { kind: 'order', body: text(output.text), addressedTo: list(output.departments).join(', ') };
    case 'execution':
      if (output.outcome === 'returned') {
        return { kind: 'returned', body: comment, addressedTo: await resolver(tx, task) };
      }
      return comment ? { kind: 'done', body: comment } : null;
    case 'report':
    case 'order-report':
      return { kind: 'report', body: text(output.report) };
    case 'control':
      if (output.control === 'return') {
        const responsible = text(variables.responsible);
        const departments = list(variables.departments);
        return {
          kind: 'returned',
          body: comment,
          addressedTo: responsible ? await namesOf(tx, [responsible]) : departments.join(', ') || null,
        };
      }
      return { kind: 'accepted', body: comment };
    default:
      return comment ? { kind: 'comment', body: comment } : null;
  }
}

/**
 * Completes a task as `completeTask` does (a deputy on behalf of the principal) and, in the same
 * transaction, keeps the step's note in the document's thread.
 */
/**
 * A record change that commits with a completion (a resolution's filing, an order's number), made
 * as `actor`; the variables it returns join the task's output.
 */
export type NoteSideEffect = (
  tx: Repositories,
  task: TaskRecord,
  actor: Actor,
  now: Date,
) => Promise<JsonObject | void>;

export async function completeTaskNoted(
  caller: UseCaseContext,
  props: { taskId: string; output?: JsonObject; sideEffect?: NoteSideEffect },
): Promise<CompletedTask> {
  const { id: _id, executionId: _executionId, ...output } = props.output ?? {};
  const found = await loadTask(caller.store, props.taskId);
  requireMayComplete(found, caller.actor, await actorGroups(caller.store, caller.actor));
  const ctx = await actingOnTask(caller, caller.store, found);
  return completeTaskWith(ctx, found, output, async (tx, task, instance: ProcessInstance) => {
    const added = props.sideEffect ? await props.sideEffect(tx, task, ctx.actor, ctx.clock.now()) : undefined;
    const note = await noteOfCompletion(tx, task, output, { ...instance.variables, ...output });
    if (note) await recordTaskNote(ctx.actor, ctx.clock.now(), tx, task, note);
    return added ?? undefined;
  });
}
