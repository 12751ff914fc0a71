/**
 * Who may do what to a task. Completing is personal: only the assignee, or — while nobody is
 * assigned — a candidate by username, role code or department code. Being an administrator gives
 * no right to complete someone else's task; reassigning is what heads and administrators do.
 *
 * Who may see a task on a document: those who may see the document (its task holders among them:
 * a task given to a person grants them routed access). A task offered to a role or a department on
 * a document that member may not see (a restricted one they are not named on) is not theirs: routing
 * is need-to-know. A task on no document: the people it is assigned or offered to.
 * Everyone else is told it does not exist (NotFound, as for an unknown id), never that it is
 * forbidden: a task's existence already says something about its document.
 */
import type { Actor, UseCaseContext } from '../context.js';
import { Forbidden, NotFound } from '../errors.js';
import { isUuid } from '../store/ids.js';
import type { Repositories } from '../store/ports.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { actingUsernames } from '../substitutions/actingFor.js';
import { viewerOf } from './document.js';
import { hasRole } from './roles.js';

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
  // A deputy answers to the groups of each person they stand in for, too.
  for (const principal of actor.actingFor ?? []) groups.push(...(await actorGroups(tx, principal)));
  return [...new Set(groups)];
}

export function isCandidate(task: TaskRecord, actor: Actor, groups: readonly string[]): boolean {
  return (
    actingUsernames(actor).some((username) => task.candidateUsers.includes(username)) ||
    task.candidateGroups.some((group) => groups.includes(group))
  );
}

export function mayComplete(task: TaskRecord, actor: Actor, groups: readonly string[]): boolean {
  if (task.assignee !== null) return actingUsernames(actor).includes(task.assignee);
  return isCandidate(task, actor, groups);
}

export function requireMayComplete(task: TaskRecord, actor: Actor, groups: readonly string[]): void {
  if (!mayComplete(task, actor, groups)) {
    if (task.assignee !== null)
      throw new Forbidden(`task ${task.id} is assigned to ${task.assignee}; only they may complete it`);
    throw new Forbidden(`task ${task.id} is not offered to you`, 'refusal.taskNotOffered', { id: task.id });
  }
}

/**
 * Heads, department heads and administrators hand tasks to other people; so do the deputies of
 * heads and department heads (an administrator's powers are not handed on by a substitution).
 */
export function requireMayReassign(actor: Actor): void {
  const principals = actor.actingFor ?? [];
  if (
    !hasRole(actor, 'head', 'dept_head', 'admin') &&
    !principals.some((p) => hasRole(p, 'head', 'dept_head'))
  ) {
    throw new Forbidden('Only head, dept_head or admin may reassign a task.', 'refusal.reassign');
  }
}

export interface VisibleTask {
  task: TaskRecord;
  /** The actor's group codes (see actorGroups). */
  groups: string[];
  /** The actor may see the task's document (false when it has none). */
  seesDocument: boolean;
}

/** NotFound when the task's business key names a document the actor may not see. */
export async function requireTaskDocumentVisible(
  actor: UseCaseContext['actor'],
  repos: Pick<Repositories, 'documentAccess'>,
  task: TaskRecord,
): Promise<void> {
  if (actor.id === null || task.businessKey === null || !isUuid(task.businessKey)) return;
  if ((await repos.documentAccess.hiddenAmong([task.businessKey], viewerOf(actor))).length > 0) {
    throw new NotFound('No such task.', 'refusal.noSuchTask');
  }
}

export async function requireVisibleTask(
  ctx: UseCaseContext,
  taskId: string,
  repos: Pick<Repositories, 'tasks' | 'departments' | 'documentAccess'> = ctx.store,
): Promise<VisibleTask> {
  const task = isUuid(taskId) ? await repos.tasks.get(taskId) : null;
  if (!task || ctx.actor.id === null) throw new NotFound('No such task.', 'refusal.noSuchTask');
  const groups = await actorGroups(repos, ctx.actor);
  // mayComplete: assigned to the actor, or (as a deputy) to someone they stand in for.
  const offered = mayComplete(task, ctx.actor, groups) || isCandidate(task, ctx.actor, groups);
  await requireTaskDocumentVisible(ctx.actor, repos, task);
  const seesDocument =
    task.businessKey !== null &&
    isUuid(task.businessKey) &&
    (await repos.documentAccess.canSee(task.businessKey, viewerOf(ctx.actor)));
  if (!offered && !seesDocument) throw new NotFound('No such task.', 'refusal.noSuchTask');
  return { task, groups, seesDocument };
}

/** A department head hands a task on to colleagues of her department. */
export const mayDelegateInDepartment = (actor: Actor): boolean =>
  hasRole(actor, 'dept_head') && actor.departmentId !== null;
