/**
 * One pass of the scheduler: lease the due jobs (FOR UPDATE SKIP LOCKED, so any number of server
 * processes may run passes against one database), then fire them one by one. A job whose firing
 * fails for a transient reason is released for a later pass; one whose step fails in the engine
 * becomes an incident and the job is marked failed.
 */
import type { UseCaseContext } from '../../context.js';
import { IncidentRaised } from '../runtime/stepErrors.js';
import { fireJob, JobAlreadyDone } from './fireJob.js';
import { fireTimerStart } from './fireTimerStart.js';

export interface RunDueJobsOptions {
  /** Jobs due at or before this moment are fired. */
  now: Date;
  /** At most this many jobs per pass. */
  limit?: number;
  /** Names the lease holder (a server process). */
  workerId: string;
  /** How long a claimed job stays reserved; a crashed worker's job is retaken after it. */
  leaseMs?: number;
  /** Wait before a job that failed transiently is tried again. */
  retryDelayMs?: number;
}

export interface DueJobsReport {
  claimed: number;
  fired: number;
  obsolete: number;
  skipped: number;
  incidents: number;
  released: number;
}

export async function runDueJobs(ctx: UseCaseContext, options: RunDueJobsOptions): Promise<DueJobsReport> {
  const report: DueJobsReport = { claimed: 0, fired: 0, obsolete: 0, skipped: 0, incidents: 0, released: 0 };
  const jobs = await ctx.store.transaction((tx) =>
    tx.jobs.claimDue({
      now: options.now,
      limit: options.limit ?? 50,
      workerId: options.workerId,
      leaseMs: options.leaseMs ?? 5 * 60_000,
    }),
  );
  report.claimed = jobs.length;
  for (const job of jobs) {
    try {
      const outcome = job.kind === 'timer_start' ? await fireTimerStart(ctx, job) : await fireJob(ctx, job);
      report[outcome] += 1;
    } catch (error) {
      if (error instanceof JobAlreadyDone) {
        report.skipped += 1;
      } else if (error instanceof IncidentRaised && job.instanceId !== null) {
        report.incidents += 1;
        const instanceId = job.instanceId;
        await ctx.store.transaction((tx) =>
          tx.jobs.finish(instanceId, 'failed', ctx.clock.now(), [job.executionId]),
        );
      } else {
        report.released += 1;
        const reason = error instanceof Error ? error.message : String(error);
        ctx.logger?.warn({ jobId: job.id, err: reason }, 'timer job failed; it will be retried');
        await ctx.store.jobs.release(
          job.id,
          reason,
          new Date(options.now.getTime() + (options.retryDelayMs ?? 60_000)),
        );
      }
    }
  }
  return report;
}
