/**
 * Fires one due timer job: recovers its instance and runs the engine's timeout for exactly that
 * timer. The job row is marked fired in the same transaction as the new state, so a job fires once
 * even when two workers hold it (the second one's save meets a version conflict, and on its retry
 * the job is no longer pending).
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { NotFound } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { Job } from '../../store/workflowPorts.js';
import { type InstanceStep, runInstanceStep } from '../runtime/instanceStep.js';

/** The job was fired, cancelled or failed meanwhile: nothing to do. */
export class JobAlreadyDone extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} is no longer pending`);
    this.name = 'JobAlreadyDone';
  }
}

export type FireOutcome = 'fired' | 'obsolete';

interface Prepared {
  job: Job;
  fired: boolean;
}

/**
 * The engine step of firing job `jobId`. On a retry (`retrying`) a job marked failed by the
 * incident fires too; `onSaved` adds to the step's transaction (the incident resolved).
 */
export function fireJobStep(
  ctx: UseCaseContext,
  jobId: string,
  options: { retrying?: boolean; onSaved?: (tx: Repositories) => Promise<void> } = {},
): InstanceStep<Prepared, FireOutcome> {
  return {
    command: { kind: 'fireJob', jobId },
    async prepare(tx) {
      const current = await tx.jobs.get(jobId);
      if (!current) throw new NotFound(`job ${jobId} not found`);
      const fireable =
        current.status === 'pending' || (options.retrying === true && current.status === 'failed');
      if (!fireable) throw new JobAlreadyDone(jobId);
      return { job: current, fired: false };
    },
    apply(session, prepared) {
      // False when the engine no longer sets this timer: the step then cancels the stale job.
      prepared.fired = session.fireTimer(prepared.job.executionId);
    },
    async audit(tx, saved, prepared) {
      await tx.audit.append({
        ...auditActor(ctx.actor),
        occurredAt: ctx.clock.now(),
        action: prepared.fired ? 'process.timer_fired' : 'process.timer_obsolete',
        objectType: 'process_instance',
        objectId: saved.id,
        details: {
          jobId: prepared.job.id,
          elementId: prepared.job.elementId,
          dueAt: prepared.job.dueAt.toISOString(),
        },
      });
      await options.onSaved?.(tx);
    },
    result: (_saved, prepared): FireOutcome => (prepared.fired ? 'fired' : 'obsolete'),
  };
}

export function fireJob(ctx: UseCaseContext, job: Pick<Job, 'id' | 'instanceId'>): Promise<FireOutcome> {
  if (job.instanceId === null) throw new Error(`job ${job.id} belongs to no instance`);
  return runInstanceStep(ctx, job.instanceId, fireJobStep(ctx, job.id));
}
