/**
 * Notifications about tasks, told by the workflow runtime's step events (notifyOnStepEvent) when a
 * task is created (taskSync) or handed to someone (changeAssignee): the assignee is told of a new
 * or returned task; while nobody is assigned, the candidate people and the members of the
 * candidate groups.
 */
import type { UseCaseContext } from '../context.js';
import { isUuid } from '../store/ids.js';
import type { Repositories, User } from '../store/ports.js';
import type { JsonObject, TaskRecord } from '../store/workflowPorts.js';
import type { StepListener } from '../workflow/runtime/stepEvents.js';
import { type NotificationDraft, notifyUsers } from './notifyUsers.js';
import { usersNamed, usersOfGroups } from './recipients.js';

type NotifyRepositories = Pick<
  Repositories,
  'users' | 'departments' | 'documents' | 'notifications' | 'mailOutbox' | 'taskComments'
>;

async function taskParams(ctx: UseCaseContext, tx: NotifyRepositories, task: TaskRecord) {
  const document =
    task.businessKey && isUuid(task.businessKey) ? await tx.documents.get(task.businessKey) : null;
  return {
    documentId: document?.id ?? null,
    params: {
      taskName: task.name,
      by: ctx.actor.displayName,
      ...(document
        ? { registrationNumber: document.registrationNumber, documentSubject: document.subject }
        : {}),
      ...(task.dueAt ? { dueAt: task.dueAt.toISOString() } : {}),
    },
  };
}

async function recipientsOf(tx: NotifyRepositories, task: TaskRecord): Promise<User[]> {
  if (task.assignee) return usersNamed(tx, [task.assignee]);
  const named = await usersNamed(tx, task.candidateUsers);
  return [...named, ...(await usersOfGroups(tx, task.candidateGroups))];
}

/**
 * The note of the task a step has just completed that says what the step was: a return of the
 * work, or an outgoing draft revised after its return (sent for another review).
 */
async function causeNoteOf(tx: NotifyRepositories, completedTaskId: string | null | undefined) {
  if (!completedTaskId) return null;
  const notes = await tx.taskComments.listByTask(completedTaskId);
  return notes.find((note) => note.kind === 'returned' || note.kind === 'revised') ?? null;
}

export interface NewTaskSituation {
  /** The instance's variables after the step. */
  variables: JsonObject;
  /** The task whose completion made this step, if one did. */
  completedTaskId?: string | null;
}

/**
 * A task created by a step. When the completion that made the step returned the work (an
 * executor's return to the head, the controller's return of a report: a `returned` note in the
 * document's thread), the task is "returned", with the reason written then. Otherwise it is new:
 * a task created again at a step already passed (a new resolution after a return) is not a return.
 * A task created by the author's rework of a returned draft (a `revised` note) tells its approver
 * that the draft was revised for another review.
 */
export async function notifyNewTask(
  ctx: UseCaseContext,
  tx: NotifyRepositories,
  task: TaskRecord,
  situation: NewTaskSituation,
): Promise<void> {
  const recipients = await recipientsOf(tx, task);
  if (recipients.length === 0) return;
  const cause = await causeNoteOf(tx, situation.completedTaskId);
  const { documentId, params } = await taskParams(ctx, tx, task);
  const draft: NotificationDraft = {
    kind:
      cause?.kind === 'returned'
        ? 'task_returned'
        : cause?.kind === 'revised'
          ? 'draft_revised'
          : task.assignee
            ? 'task_assigned'
            : 'task_offered',
    taskId: task.id,
    documentId,
    instanceId: task.instanceId,
    params: cause && cause.body !== '' ? { ...params, comment: cause.body } : params,
  };
  await notifyUsers(ctx, tx, recipients, draft);
}

/** A task handed to someone (claimed, reassigned, delegated): its new assignee is told. */
export async function notifyAssigned(
  ctx: UseCaseContext,
  tx: NotifyRepositories,
  task: TaskRecord,
): Promise<void> {
  if (!task.assignee || task.assignee === ctx.actor.username) return;
  const { documentId, params } = await taskParams(ctx, tx, task);
  await notifyUsers(ctx, tx, await usersNamed(tx, [task.assignee]), {
    kind: 'task_assigned',
    taskId: task.id,
    documentId,
    instanceId: task.instanceId,
    params,
  });
}

/** The step listener: a created task tells its people, a task handed to someone its new assignee. */
export const notifyOnStepEvent: StepListener = (ctx, tx, event) =>
  event.type === 'task.created'
    ? notifyNewTask(ctx, tx, event.task, {
        variables: event.variables,
        completedTaskId: event.completedTaskId,
      })
    : notifyAssigned(ctx, tx, event.task);
