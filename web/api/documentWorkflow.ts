/**
 * The tasks and history of the processes run for one document (its business key). Read-only, and
 * only called after getDocument has allowed the actor to see the document.
 */
import type { UseCaseContext } from '../../engine/context.js';
import type { HistoryEvent, TaskRecord } from '../../engine/store/workflowPorts.js';

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

export async function documentWorkflow(ctx: UseCaseContext, documentId: string): Promise<DocumentWorkflow> {
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
