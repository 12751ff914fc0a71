/**
 * Who may do what to a task. Completing is personal: only the assignee, or — while nobody is
 * assigned — a candidate by username, role code or department code. Being an administrator gives
 * no right to complete someone else's task; reassigning is what heads and administrators do.
 */
import { hasRole } from '../../authorization.js';
import type { Actor } from '../../context.js';
import { Forbidden } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { TaskRecord } from '../../store/workflowPorts.js';

/**
 * The group codes the actor answers to: its roles, its department's code, and each role within the
 * department (`dept_head:BUV`), so that a task can go to the head of one department only.
 */
export async function actorGroups(tx: Pick<Repositories, 'departments'>, actor: Actor): Promise<string[]> {
  const groups: string[] = [...actor.roles];
  if (actor.departmentId) {
    const department = await tx.departments.get(actor.departmentId);
    if (department) groups.push(department.code, ...actor.roles.map((role) => `${role}:${department.code}`));
  }
  return groups;
}

export function isCandidate(task: TaskRecord, actor: Actor, groups: readonly string[]): boolean {
  return (
    task.candidateUsers.includes(actor.username) ||
    task.candidateGroups.some((group) => groups.includes(group))
  );
}

export function mayComplete(task: TaskRecord, actor: Actor, groups: readonly string[]): boolean {
  if (task.assignee !== null) return task.assignee === actor.username;
  return isCandidate(task, actor, groups);
}

export function requireMayComplete(task: TaskRecord, actor: Actor, groups: readonly string[]): void {
  if (!mayComplete(task, actor, groups)) {
    throw new Forbidden(
      task.assignee !== null
        ? `task ${task.id} is assigned to ${task.assignee}; only they may complete it`
        : `task ${task.id} is not offered to you`,
    );
  }
}

/** Heads, department heads and administrators hand tasks to other people. */
export function requireMayReassign(actor: Actor): void {
  if (!hasRole(actor, 'head', 'dept_head', 'admin')) {
    throw new Forbidden('Only head, dept_head or admin may reassign a task.');
  }
}
