/**
 * "Ilze Ozola for Pēteris Liepa": what a deputy did for someone else, read back from what the work
 * recorded when it was done — the audit event's `onBehalfOfId` and the process history entry's
 * `details.onBehalfOfId` (see `actingOnTask`, engine/workflow/runtime/actingOnTask.ts). Both are written in the transaction of
 * the work itself and never change, so the card, the task page, the instance view, the audit page
 * and the card PDF all tell the same, for work done before this reading existed too.
 */
import { isUuid } from '../store/ids.js';
import type { Store } from '../store/ports.js';
import type { UseCaseContext } from '../context.js';
import type { HistoryEvent, TaskRecord } from '../store/workflowPorts.js';

/** Who did it and for whom, by display names (a username when the person is gone). */
export interface ActedFor {
  deputy: string;
  principal: string;
}

/** A person's display name by id, cached for one read. */
export type NameOf = (id: string | null | undefined) => Promise<string | null>;

export function displayNames(store: Pick<Store, 'users'>): NameOf {
  const known = new Map<string, Promise<string | null>>();
  return (id) => {
    if (!id || !isUuid(id)) return Promise.resolve(null);
    let name = known.get(id);
    if (!name) {
      name = store.users.get(id).then((user) => user?.displayName ?? null);
      known.set(id, name);
    }
    return name;
  };
}

/** The on-behalf-of of an audit event or a history entry, when it has one. */
export async function actedFor(
  nameOf: NameOf,
  event: { actorId: string | null; actorName: string; onBehalfOfId?: string | null; details?: unknown },
): Promise<ActedFor | null> {
  const details = event.details as Record<string, unknown> | undefined;
  const principalId =
    event.onBehalfOfId ?? (typeof details?.onBehalfOfId === 'string' ? details.onBehalfOfId : null);
  if (!principalId) return null;
  const principal = await nameOf(principalId);
  if (!principal) return null;
  return { deputy: (await nameOf(event.actorId)) ?? event.actorName, principal };
}

/** The tasks of these history entries that a deputy completed for someone else, by task id. */
export async function completionsForOthers(
  nameOf: NameOf,
  history: readonly HistoryEvent[],
): Promise<Map<string, ActedFor>> {
  const done = new Map<string, ActedFor>();
  for (const event of history) {
    if (event.type !== 'task.completed' || typeof event.details.taskId !== 'string') continue;
    const acted = await actedFor(nameOf, event);
    if (acted) done.set(event.details.taskId, acted);
  }
  return done;
}

/** Who completed `task` for whom, when a deputy did it for someone else; null for one's own work. */
export async function taskCompletedFor(
  ctx: Pick<UseCaseContext, 'store'>,
  task: Pick<TaskRecord, 'id' | 'instanceId'>,
): Promise<ActedFor | null> {
  const history = await ctx.store.processHistory.listByInstance(task.instanceId, { limit: 5000 });
  return (await completionsForOthers(displayNames(ctx.store), history)).get(task.id) ?? null;
}
