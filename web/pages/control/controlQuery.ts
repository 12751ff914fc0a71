/**
 * "Under my control": the open tasks of running processes whose `controller` variable names the
 * user, overdue first. No use case lists these yet, so this reads through the store ports:
 * the running instances (paged through), their variables, and their open tasks.
 */
import type { UseCaseContext } from '../../../engine/context.js';
import { viewerOf } from '../../../engine/records/policy.js';
import { type InboxTask, inboxOrder } from '../inbox/inboxQuery.js';

const BATCH = 200;

export async function loadControlledTasks(ctx: UseCaseContext): Promise<InboxTask[]> {
  const now = ctx.clock.now().getTime();
  const viewer = viewerOf(ctx.actor);
  const tasks: InboxTask[] = [];
  for (let offset = 0; ; offset += BATCH) {
    const page = await ctx.store.processInstances.list({ status: 'running', limit: BATCH, offset });
    for (const instance of page.items) {
      if (instance.variables.controller !== ctx.actor.username) continue;
      const document =
        instance.businessKey && (await ctx.store.documentAccess.canSee(instance.businessKey, viewer))
          ? await ctx.store.documents.get(instance.businessKey)
          : null;
      for (const task of await ctx.store.tasks.listByInstance(instance.id, { status: 'open' })) {
        tasks.push({
          id: task.id,
          name: task.name,
          dueAt: task.dueAt,
          overdue: task.dueAt !== null && task.dueAt.getTime() < now,
          assignee: task.assignee,
          scope: 'mine',
          document: document
            ? { id: document.id, registrationNumber: document.registrationNumber, subject: document.subject }
            : null,
        });
      }
    }
    if (offset + BATCH >= page.total) break;
  }
  return tasks.sort(inboxOrder);
}
