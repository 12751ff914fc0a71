/** Lists process instances, newest first, without their engine state (admin only). */
import type { UseCaseContext } from '../../context.js';
import type { Page } from '../../store/ports.js';
import type { InstanceFilter, ProcessInstanceSummary } from '../../store/workflowPorts.js';
import { requireOperator } from '../../policies/process.js';

export async function listInstances(
  ctx: UseCaseContext,
  filter: InstanceFilter = {},
): Promise<Page<ProcessInstanceSummary>> {
  requireOperator(ctx.actor, 'list process instances');
  return ctx.store.processInstances.list({ ...filter, limit: Math.min(filter.limit ?? 50, 500) });
}
