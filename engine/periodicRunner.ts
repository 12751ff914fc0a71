/**
 * The loop every background worker of a server runs (the scheduler, the mail sender, e-mail
 * intake): a pass at once, then the next one `intervalMs` after the previous ended, so passes never
 * overlap within a process. A pass that fails is logged and the loop goes on; `runOnce` runs an
 * extra pass after any in progress; `stop` ends the loop and waits for the pass in progress. What
 * keeps several servers from doing the same work twice is the pass's own claim in the database
 * (row locks with SKIP LOCKED, leases), not this loop.
 */
import type { Logger } from './logger.js';

/** setTimeout and clearTimeout, injectable so that tests drive a loop without waiting. */
export interface LoopTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: LoopTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PeriodicOptions<R> {
  /** Names the work in the log line of a failed pass (`<name> pass failed`). */
  name: string;
  intervalMs: number;
  pass: () => Promise<R>;
  /** What `runOnce` chains after before the first pass. */
  initial: R;
  logger?: Logger | undefined;
  timers?: LoopTimers | undefined;
  /** Called after every pass that succeeded (metrics, logs, tests). */
  onPass?: ((report: R) => void) | undefined;
}

export interface PeriodicRunner<R> {
  /** Runs one pass now, after any pass in progress. */
  runOnce(): Promise<R>;
  /** Stops the loop and waits for the pass in progress. */
  stop(): Promise<void>;
}

export function startPeriodic<R>(options: PeriodicOptions<R>): PeriodicRunner<R> {
  const timers = options.timers ?? realTimers;
  let stopped = false;
  let handle: unknown = null;
  let current: Promise<R> = Promise.resolve(options.initial);

  const pass = (): Promise<R> => {
    current = current
      .catch(() => undefined)
      .then(options.pass)
      .then((report) => {
        options.onPass?.(report);
        return report;
      });
    return current;
  };

  const loop = (): void => {
    if (stopped) return;
    pass()
      .catch((error: unknown) => options.logger?.error({ err: error }, `${options.name} pass failed`))
      .finally(() => {
        if (!stopped) handle = timers.setTimeout(loop, options.intervalMs);
      });
  };
  loop();

  return {
    runOnce: pass,
    async stop() {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      await current.catch(() => undefined);
    },
  };
}
