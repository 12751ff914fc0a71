/**
 * Gives a claimed or handed-on task back to its original offer: to the assignee it was created
 * with (an execution task assigned by a resolution goes back to that executor), or, when it was
 * created for candidates, back to them. Its assignee (or their deputy), a head, or the department
 * head of the task's department may; nobody else. A task already at its original offer cannot be
 * given back (reassign it instead): an open task always has an assignee or candidates.
 */
import { hasRole } from '../../policies/roles.js';
import type { Actor, UseCaseContext } from '../../context.js';
import { Conflict, Forbidden } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { actingUsernames } from '../../substitutions/actingFor.js';
import { changeAssignee } from './changeAssignee.js';

/** `dept_head:BUV` and `BUV` both name the department `BUV`. */
const departmentCodeOf = (group: string): string => group.slice(group.indexOf(':') + 1);

/** The departments a task belongs to: its assignee's and original assignee's, and those it is offered to. */
async function departmentsOfTask(
  tx: Pick<Repositories, 'users' | 'departments'>,
  task: TaskRecord,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const username of new Set([task.assignee, task.initialAssignee])) {
    if (!username) continue;
    const user = await tx.users.getByUsername(username);
    if (user?.departmentId) ids.add(user.departmentId);
  }
  for (const code of new Set(task.candidateGroups.map(departmentCodeOf))) {
    const department = await tx.departments.getByCode(code);
    if (department) ids.add(department.id);
  }
  return ids;
}

async function mayUnclaim(
  tx: Pick<Repositories, 'users' | 'departments'>,
  task: TaskRecord,
  actor: Actor,
): Promise<boolean> {
  if (task.assignee !== null && actingUsernames(actor).includes(task.assignee)) return true;
  const people = [actor, ...(actor.actingFor ?? [])];
  if (people.some((person) => hasRole(person, 'head'))) return true;
  const heads = people.filter((person) => hasRole(person, 'dept_head') && person.departmentId);
  if (heads.length === 0) return false;
  const departments = await departmentsOfTask(tx, task);
  return heads.some((person) => departments.has(person.departmentId as string));
}

/** The assignee the task goes back to (null: back to its candidates). */
export const originalOffer = (task: TaskRecord): string | null => task.initialAssignee;

/** Whether unclaiming changes anything: the task is held by someone other than its original offer. */
export const mayGiveBack = (task: TaskRecord): boolean =>
  task.assignee !== null && task.assignee !== originalOffer(task);

export async function unclaimTask(ctx: UseCaseContext, props: { taskId: string }): Promise<TaskRecord> {
  return changeAssignee(ctx, {
    taskId: props.taskId,
    history: 'task.unclaimed',
    actingRoles: ['head', 'dept_head'],
    async check(tx, task) {
      if (task.assignee === null)
        throw new Conflict(`task ${task.id} is not claimed`, 'refusal.taskNotClaimed', { id: task.id });
      if (!(await mayUnclaim(tx, task, ctx.actor))) {
        throw new Forbidden(
          `task ${task.id} is with ${task.assignee}; only they or a head of its department may give it back`,
          'refusal.taskRelease',
          { id: task.id, assignee: task.assignee },
        );
      }
      if (!mayGiveBack(task)) {
        throw new Conflict(
          `task ${task.id} was given to ${task.assignee} by its process; reassign it instead of giving it back`,
          'refusal.taskGiveBack',
          { id: task.id, assignee: task.assignee },
        );
      }
    },
    to: originalOffer,
  });
}
