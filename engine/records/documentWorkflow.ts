/** The tasks and history of the processes run for one document (its business key). Read-only. */
import type { UseCaseContext } from '../context.js';
import type { HistoryEvent, TaskRecord } from '../store/workflowPorts.js';
import { getDocument } from './documents.js';

export interface DocumentWorkflow {
  processes: {
    id: string;
    processKey: string;
    definitionVersion: number;
    status: string;
    startedAt: Date;
    endedAt: Date | null;
  }[];
  tasks: TaskRecord[];
  history: HistoryEvent[];
}

/** Throws NotFound, as `getDocument` does, when the actor may not see the document. */
export async function documentWorkflow(ctx: UseCaseContext, documentId: string): Promise<DocumentWorkflow> {
  await getDocument(ctx, documentId);
  const { items } = await ctx.store.processInstances.list({ businessKey: documentId, limit: 100 });
  const perInstance = await Promise.all(
    items.map(async (instance) => ({
      tasks: await ctx.store.tasks.listByInstance(instance.id),
      history: await ctx.store.processHistory.listByInstance(instance.id, { limit: 1000 }),
    })),
  );
  return {
    processes: items.map((instance) => ({
      id: instance.id,
      processKey: instance.processKey,
      definitionVersion: instance.definitionVersion,
      status: instance.status,
      startedAt: instance.startedAt,
      endedAt: instance.endedAt,
    })),
    tasks: perInstance.flatMap((entry) => entry.tasks),
    history: perInstance
      .flatMap((entry) => entry.history)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id),
  };
}
