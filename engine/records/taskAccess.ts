/**
 * Who may open a task page: the people it is assigned or offered to, and those who may see its
 * document (see engine/policies/task.ts). Everyone else gets the same 404 as for a task
 * that does not exist.
 */
import type { UseCaseContext } from '../context.js';
import type { DocumentRecord } from '../store/ports.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { isCandidate, mayComplete, requireVisibleTask } from '../policies/task.js';
import { mayGiveBack } from '../workflow/runtime/unclaimTask.js';

export interface TaskAccess {
  task: TaskRecord;
  groups: string[];
  /** The document may be shown on the page (a candidate may not see a restricted one). */
  seesDocument: boolean;
  /** The actor may fill in and complete the form now. */
  mayComplete: boolean;
  mayClaim: boolean;
  mayUnclaim: boolean;
}

/** The document a task is about, when the actor may see it (`access.seesDocument`); else null. */
export async function documentOfTask(
  ctx: UseCaseContext,
  access: Pick<TaskAccess, 'task' | 'seesDocument'>,
): Promise<DocumentRecord | null> {
  return access.seesDocument && access.task.businessKey
    ? ctx.store.documents.get(access.task.businessKey)
    : null;
}

export async function taskAccess(ctx: UseCaseContext, taskId: string): Promise<TaskAccess> {
  const { task, groups, seesDocument } = await requireVisibleTask(ctx, taskId);
  const open = task.status === 'open';
  return {
    task,
    groups,
    seesDocument,
    mayComplete: open && mayComplete(task, ctx.actor, groups),
    mayClaim: open && task.assignee === null && isCandidate(task, ctx.actor, groups),
    // Only a task claimed from its candidates, or handed on, goes back (see unclaimTask).
    mayUnclaim: open && task.assignee === ctx.actor.username && mayGiveBack(task),
  };
}
