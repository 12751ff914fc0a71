/** The history of one instance, oldest first (admin or auditor). */
import type { UseCaseContext } from '../../context.js';
import { NotFound } from '../../errors.js';
import type { HistoryEvent } from '../../store/workflowPorts.js';
import { requireHistoryReader } from '../../policies/process.js';

export interface ListInstanceHistoryProps {
  instanceId: string;
  /** Events after this id (paging forward). */
  afterId?: number;
  limit?: number;
}

export async function listInstanceHistory(
  ctx: UseCaseContext,
  props: ListInstanceHistoryProps,
): Promise<HistoryEvent[]> {
  requireHistoryReader(ctx.actor);
  if (!(await ctx.store.processInstances.get(props.instanceId))) {
    throw new NotFound(`process instance ${props.instanceId} not found`);
  }
  return ctx.store.processHistory.listByInstance(props.instanceId, {
    ...(props.afterId === undefined ? {} : { afterId: props.afterId }),
    limit: Math.min(props.limit ?? 1000, 5000),
  });
}
