/**
 * "Under my control": the open tasks of running processes whose `controller` variable names the
 * person, overdue first, one query in the store. A document the person may not see is not named
 * (the task still is: controlling it is their job). A read-only query.
 */
import type { UseCaseContext } from '../context.js';
import { peopleNames } from '../directory/peopleNames.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { viewerOf } from './policy.js';

export interface ControlledTask {
  task: TaskRecord;
  overdue: boolean;
  assigneeName: string | null;
  document: { id: string; registrationNumber: string; subject: string } | null;
}

export async function listControlledTasks(ctx: UseCaseContext): Promise<ControlledTask[]> {
  if (ctx.actor.id === null) return [];
  const now = ctx.clock.now().getTime();
  const tasks = await ctx.store.tasks.listOpenControlledBy(ctx.actor.username);
  const viewer = viewerOf(ctx.actor);
  const documents = new Map<string, ControlledTask['document']>();
  for (const key of new Set(tasks.map((task) => task.businessKey))) {
    if (!key) continue;
    const document = (await ctx.store.documentAccess.canSee(key, viewer))
      ? await ctx.store.documents.get(key)
      : null;
    documents.set(
      key,
      document
        ? { id: document.id, registrationNumber: document.registrationNumber, subject: document.subject }
        : null,
    );
  }
  const people = await peopleNames(
    ctx,
    tasks.map((task) => task.assignee),
  );
  const listed = tasks.map((task) => ({
    task,
    overdue: task.dueAt !== null && task.dueAt.getTime() < now,
    assigneeName: task.assignee ? people.nameOf(task.assignee) : null,
    document: (task.businessKey && documents.get(task.businessKey)) || null,
  }));
  // Overdue first; the store's order (by due date) holds within each part.
  return [...listed.filter((entry) => entry.overdue), ...listed.filter((entry) => !entry.overdue)];
}
