/**
 * Who may do what to a task. Completing is personal: only the assignee, or — while nobody is
 * assigned — a candidate by username, role code or department code. Being an administrator gives
 * no right to complete someone else's task; reassigning is what heads and administrators do.
 */
import { hasRole } from '../../authorization.js';
import type { Actor, UseCaseContext } from '../../context.js';
import { Forbidden } from '../../errors.js';
import type { Repositories, Role } from '../../store/ports.js';
import { actingUsernames, onBehalfOf } from '../../substitutions/actingFor.js';
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

/**
 * The context in which the actor works on `task`: unchanged when the task is their own; when it is
 * theirs only as a deputy (assigned or offered to a principal, or allowed by a principal's `roles`),
 * the actor acts on behalf of that principal, and the audit trail and history say so.
 */
export async function actingOnTask(
  ctx: UseCaseContext,
  tx: Pick<Repositories, 'departments'>,
  task: TaskRecord,
  roles: Role[] = [],
): Promise<UseCaseContext> {
  const principals = ctx.actor.actingFor ?? [];
  if (principals.length === 0) return ctx;
  const own = { ...ctx.actor, actingFor: [] };
  const ownGroups = await actorGroups(tx, own);
  if (task.assignee === own.username || (task.assignee === null && isCandidate(task, own, ownGroups))) {
    return ctx;
  }
  for (const principal of principals) {
    const theirs =
      task.assignee !== null
        ? task.assignee === principal.username
        : isCandidate(task, principal, await actorGroups(tx, principal));
    if (theirs) return { ...ctx, actor: onBehalfOf(ctx.actor, principal) };
  }
  if (roles.length > 0 && !hasRole(own, ...roles)) {
    const withRole = principals.find((principal) => hasRole(principal, ...roles));
    if (withRole) return { ...ctx, actor: onBehalfOf(ctx.actor, withRole) };
  }
  return ctx;
}

/** The on-behalf-of of a history event's details, when there is one. */
export const onBehalfOfDetails = (actor: Actor): { onBehalfOfId?: string } =>
  actor.onBehalfOfId ? { onBehalfOfId: actor.onBehalfOfId } : {};

export function requireMayComplete(task: TaskRecord, actor: Actor, groups: readonly string[]): void {
  if (!mayComplete(task, actor, groups)) {
    throw new Forbidden(
      task.assignee !== null
        ? `task ${task.id} is assigned to ${task.assignee}; only they may complete it`
        : `task ${task.id} is not offered to you`,
    );
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
    throw new Forbidden('Only head, dept_head or admin may reassign a task.');
  }
}

/** The person a deputy takes `task` for, or null when it is the actor's own. */
export async function principalOf(ctx: UseCaseContext, task: TaskRecord): Promise<Actor | null> {
  if (!ctx.actor.actingFor?.length) return null;
  const acting = await actingOnTask(ctx, ctx.store, task);
  return ctx.actor.actingFor.find((p) => p.id === acting.actor.onBehalfOfId) ?? null;
}
