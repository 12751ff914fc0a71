/**
 * On whose behalf a deputy works on a task: the audit trail and the history name the principal
 * whose task it is. Who may work on it at all is engine/policies/task.ts.
 */
import type { Actor, UseCaseContext } from '../../context.js';
import { actorGroups, isCandidate } from '../../policies/task.js';
import { hasRole } from '../../policies/roles.js';
import type { Repositories, Role } from '../../store/ports.js';
import { onBehalfOf } from '../../substitutions/actingFor.js';
import type { TaskRecord } from '../../store/workflowPorts.js';

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

/** The person a deputy takes `task` for, or null when it is the actor's own. */
export async function principalOf(ctx: UseCaseContext, task: TaskRecord): Promise<Actor | null> {
  if (!ctx.actor.actingFor?.length) return null;
  const acting = await actingOnTask(ctx, ctx.store, task);
  return ctx.actor.actingFor.find((p) => p.id === acting.actor.onBehalfOfId) ?? null;
}
