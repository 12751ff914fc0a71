/**
 * The scheduler loop a server process runs: at start-up the timer starts of every deployed process
 * are scheduled (scheduleTimerStarts), then a pass of `runDueJobs` every `intervalMs`, the next
 * pass scheduled only after the previous one ended (passes never overlap within a process). Any
 * number of processes may run it against one database. Clock and timer functions are injectable so
 * that tests drive the loop without waiting.
 */
import { hostname } from 'node:os';
import type { Clock, UseCaseContext } from '../../context.js';
import { type DueJobsReport, runDueJobs } from './runDueJobs.js';
import { scheduleTimerStarts } from './timerStarts.js';

export interface LoopTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

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

const realTimers: LoopTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const clock = options.clock ?? options.ctx.clock;
  const timers = options.timers ?? realTimers;
  const intervalMs = options.intervalMs ?? 5_000;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  let stopped = false;
  let handle: unknown = null;
  let current: Promise<DueJobsReport> = Promise.resolve({
    claimed: 0,
    fired: 0,
    obsolete: 0,
    skipped: 0,
    incidents: 0,
    released: 0,
  });

  let startsScheduled = false;
  const pass = (): Promise<DueJobsReport> => {
    current = current
      .catch(() => undefined)
      .then(async () => {
        // Once per process: the timer starts of every deployed key (idempotent across servers).
        if (!startsScheduled) {
          await scheduleTimerStarts(options.ctx);
          startsScheduled = true;
        }
      })
      .then(() =>
        runDueJobs(options.ctx, {
          now: clock.now(),
          workerId,
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        }),
      )
      .then((report) => {
        options.onPass?.(report);
        return report;
      });
    return current;
  };

  const loop = (): void => {
    if (stopped) return;
    pass()
      .catch((error: unknown) => {
        options.ctx.logger?.error({ err: error }, 'scheduler pass failed');
      })
      .finally(() => {
        if (!stopped) handle = timers.setTimeout(loop, intervalMs);
      });
  };

  // The first pass runs at once: timers that fell due while the server was down fire at start-up.
  loop();

  return {
    workerId,
    runOnce: pass,
    async stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      await current.catch(() => undefined);
    },
  };
}
