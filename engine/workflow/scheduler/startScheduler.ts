/**
 * The scheduler loop a server process runs: at start-up the timer starts of every deployed process
 * are scheduled (scheduleTimerStarts), then a pass of `runDueJobs` every `intervalMs`, the next
 * pass scheduled only after the previous one ended (`startPeriodic`: passes never overlap within a
 * process). Any number of processes may run it against one database: each pass leases its jobs
 * (`jobs.claimDue`, FOR UPDATE SKIP LOCKED). Clock and timer functions are injectable so
 * that tests drive the loop without waiting.
 */
import { hostname } from 'node:os';
import type { Clock, UseCaseContext } from '../../context.js';
import { type LoopTimers, startPeriodic } from '../../periodicRunner.js';
import { type DueJobsReport, runDueJobs } from './runDueJobs.js';
import { scheduleTimerStarts } from './timerStarts.js';

export type { LoopTimers } from '../../periodicRunner.js';

export interface SchedulerOptions {
  /** The context passes run in; its actor should be the system (SYSTEM_ACTOR). */
  ctx: UseCaseContext;
  intervalMs?: number;
  workerId?: string;
  limit?: number;
  leaseMs?: number;
  clock?: Clock;
  timers?: LoopTimers;
  /** Called after every pass (metrics, tests). */
  onPass?: (report: DueJobsReport) => void;
}

export interface RunningScheduler {
  readonly workerId: string;
  /** Runs one pass now (also used at start-up), after any pass in progress. */
  runOnce(): Promise<DueJobsReport>;
  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const clock = options.clock ?? options.ctx.clock;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  let startsScheduled = false;
  // The first pass runs at once: timers that fell due while the server was down fire at start-up.
  const runner = startPeriodic<DueJobsReport>({
    name: 'scheduler',
    intervalMs: options.intervalMs ?? 5_000,
    initial: { claimed: 0, fired: 0, obsolete: 0, skipped: 0, incidents: 0, released: 0 },
    logger: options.ctx.logger,
    timers: options.timers,
    onPass: options.onPass,
    pass: async () => {
      // Once per process: the timer starts of every deployed key (idempotent across servers).
      if (!startsScheduled) {
        await scheduleTimerStarts(options.ctx);
        startsScheduled = true;
      }
      return runDueJobs(options.ctx, {
        now: clock.now(),
        workerId,
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
      });
    },
  });
  return { workerId, ...runner };
}
