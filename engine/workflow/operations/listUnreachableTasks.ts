/**
 * The administrators' list of tasks that reach nobody: a user task assigned to a name that is no
 * active user (`demo`, `Kermit`, someone deactivated), or offered only to candidates no active user
 * answers to, sits in no inbox. Listed here so that an administrator can hand it to someone
 * (reassignTask).
 */
import type { UseCaseContext } from '../../context.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { requireOperator } from './policy.js';

export interface UnreachableTask {
  task: TaskRecord;
  /** Why it reaches nobody, in English (engine message). */
  reason: string;
}

export async function listUnreachableTasks(ctx: UseCaseContext): Promise<UnreachableTask[]> {
  requireOperator(ctx.actor, 'see the tasks that reach nobody');
  const tasks = await ctx.store.tasks.listUnreachable();
  return tasks.map((task) => ({ task, reason: reasonOf(task) }));
}

function reasonOf(task: TaskRecord): string {
  if (task.assignee !== null) return `assigned to "${task.assignee}", who is no active user`;
  const candidates = [...task.candidateUsers, ...task.candidateGroups];
  if (candidates.length === 0) return 'neither assigned nor offered to anyone';
  return `offered to ${candidates.map((name) => `"${name}"`).join(', ')}, which no active user answers to`;
}
