/**
 * The administrators' list of tasks that reach nobody: a user task assigned to a name that is no
 * active user (`demo`, `Kermit`, someone deactivated), or offered only to candidates no active user
 * answers to, sits in no inbox; so does one on a document that none of the people it reaches may
 * see (a resolution offered to heads on a restricted document that names no head): routing is
 * need-to-know, and the inbox leaves it out. Listed here so that an administrator can hand it to
 * someone (reassignTask). An open task always has someone who can act on it, or it is on this list.
 */
import type { UseCaseContext } from '../../context.js';
import type { TaskRecord, UnreachableTaskRow } from '../../store/workflowPorts.js';
import { businessKeyRules } from '../runtime/businessKeyRules.js';
import { requireOperator } from '../../policies/process.js';

export interface UnreachableTask {
  task: TaskRecord;
  /** Why it reaches nobody, in English (engine message). */
  reason: string;
}

export async function listUnreachableTasks(ctx: UseCaseContext): Promise<UnreachableTask[]> {
  requireOperator(ctx.actor, 'see the tasks that reach nobody');
  // Who sees a document without being routed it is the records' rule, given with the business-key rules.
  const rows = await ctx.store.tasks.listUnreachable(businessKeyRules().viewerRoles);
  return rows.map((row) => ({ task: row.task, reason: reasonOf(row) }));
}

function reasonOf({ task, documentHidden }: UnreachableTaskRow): string {
  const candidates = [...task.candidateUsers, ...task.candidateGroups].map((name) => `"${name}"`).join(', ');
  if (documentHidden) {
    return task.assignee !== null
      ? `assigned to "${task.assignee}", who may not see its document`
      : `offered to ${candidates}, but nobody among them may see its document`;
  }
  if (task.assignee !== null) return `assigned to "${task.assignee}", who is no active user`;
  if (candidates === '') return 'neither assigned nor offered to anyone';
  return `offered to ${candidates}, which no active user answers to`;
}
