/**
 * Fires a due timer start: starts an instance of the job's definition, its start event passed at
 * once, and schedules the next occurrence of a cycle — all in one transaction with the job marked
 * fired, so that an occurrence starts exactly one instance however many schedulers run.
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { NotFound } from '../../errors.js';
import type { Job } from '../../store/workflowPorts.js';
import { definitionById } from '../runtime/definitions.js';
import { checkinHotSession } from '../runtime/hotSessions.js';
import { startInstance } from '../runtime/startProcess.js';
import { JobAlreadyDone } from './fireJob.js';
import { nextOccurrence, timerStartsOf } from './timerStarts.js';

export async function fireTimerStart(ctx: UseCaseContext, job: Job): Promise<'fired'> {
  const definitionId = job.definitionId;
  if (!definitionId) throw new Error(`job ${job.id} is no timer start`);
  const { started, session, versionNo } = await ctx.store.transaction(async (tx) => {
    const current = await tx.jobs.get(job.id);
    if (!current) throw new NotFound(`job ${job.id} not found`);
    if (current.status !== 'pending') throw new JobAlreadyDone(job.id);
    const now = ctx.clock.now();
    // Claimed by this transaction: a second scheduler holding the same job waits here, then fails.
    await tx.jobs.finishOne(job.id, 'fired', now);
    const definition = await definitionById(tx, definitionId);
    const result = await startInstance(ctx, tx, definition, {}, { firingStartTimer: job.elementId });
    const timer = (await timerStartsOf(definition)).find((start) => start.elementId === job.elementId);
    const next = timer?.timerType === 'timeCycle' ? nextOccurrence(timer, now) : null;
    if (next)
      await tx.jobs.scheduleStart({ definitionId, elementId: job.elementId, dueAt: next, createdAt: now });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'process.timer_start_fired',
      objectType: 'process_instance',
      objectId: result.started.instanceId,
      details: { jobId: job.id, elementId: job.elementId, next: next ? next.toISOString() : null },
    });
    return result;
  });
  if (started.status === 'running' && session) checkinHotSession(started.instanceId, versionNo, session);
  return 'fired';
}
