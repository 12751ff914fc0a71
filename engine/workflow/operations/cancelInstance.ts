/**
 * Ends a running (or failed) instance with a reason (admin only): its open tasks are cancelled, its
 * timers will not fire, it waits for no message. The engine state is kept as it was, for the record.
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import { type ProcessInstanceSummary, VersionConflict } from '../../store/workflowPorts.js';
import { forgetHotSession } from '../runtime/hotSessions.js';
import { MAX_STEP_ATTEMPTS } from '../runtime/instanceStep.js';
import { toHistoryEvent } from '../runtime/persistStep.js';
import { requireOperator } from '../../policies/process.js';

export interface CancelInstanceProps {
  instanceId: string;
  reason: string;
}

export async function cancelInstance(
  ctx: UseCaseContext,
  props: CancelInstanceProps,
): Promise<ProcessInstanceSummary> {
  requireOperator(ctx.actor, 'cancel process instances');
  const reason = props.reason.trim();
  if (reason === '')
    throw new Invalid('a reason is required', [
      { field: 'reason', message: 'required', code: 'problem.required' },
    ]);
  // Its engine is of no use any more (a stale one would never match the new version anyway).
  forgetHotSession(props.instanceId);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.store.transaction(async (tx) => {
        const instance = await tx.processInstances.get(props.instanceId);
        if (!instance) throw new NotFound(`process instance ${props.instanceId} not found`);
        if (instance.status !== 'running' && instance.status !== 'failed') {
          throw new Conflict(`process instance ${instance.id} is ${instance.status}; it cannot be cancelled`);
        }
        const now = ctx.clock.now();
        const { state: _state, ...saved } = await tx.processInstances.update(
          instance.id,
          instance.versionNo,
          {
            status: 'cancelled',
            state: instance.state,
            variables: instance.variables,
            endedAt: now,
            endReason: reason,
          },
        );
        const cancelledTasks = await tx.tasks.cancelOpen(instance.id, now);
        await tx.jobs.finish(instance.id, 'cancelled', now);
        await tx.messageSubscriptions.replaceForInstance(instance.id, []);
        await tx.processHistory.append([
          toHistoryEvent(ctx, instance.id, now, {
            type: 'instance.cancelled',
            elementId: null,
            details: { reason, cancelledTasks },
          }),
        ]);
        await tx.audit.append({
          ...auditActor(ctx.actor),
          occurredAt: now,
          action: 'process.cancelled',
          objectType: 'process_instance',
          objectId: instance.id,
          details: { reason, previousStatus: instance.status },
        });
        return saved;
      });
    } catch (error) {
      if (error instanceof VersionConflict && attempt < MAX_STEP_ATTEMPTS) continue;
      throw error;
    }
  }
}
