/**
 * The intake loop a server runs when IMAP_URL is configured: a pass of `pollMailboxOnce` every
 * `intervalMs`, the next one scheduled only after the previous ended. A mailbox that cannot be
 * reached is logged and tried again at the next pass; any number of servers may run the loop.
 */
import type { Clock } from '../context.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { ImapConfig } from './intakeConfig.js';
import { type IntakeReport, pollMailboxOnce, processHolder } from './pollMailbox.js';

export interface IntakePollerOptions {
  store: Store;
  imap: ImapConfig;
  clock: Clock;
  maxAttachmentBytes: number;
  logger?: Logger;
  /** Defaults to the configured IMAP_POLL_SECONDS. */
  intervalMs?: number;
  onPass?: (report: IntakeReport) => void;
}

export interface RunningIntakePoller {
  /** Runs one pass now, after any pass in progress. */
  runOnce(): Promise<IntakeReport>;
  stop(): Promise<void>;
}

const NOTHING: IntakeReport = { taken: 0, duplicates: 0, withProblems: 0, skipped: true };

export function startIntakePoller(options: IntakePollerOptions): RunningIntakePoller {
  const intervalMs = options.intervalMs ?? options.imap.pollIntervalMs;
  const holder = processHolder();
  let stopped = false;
  let handle: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<IntakeReport> = Promise.resolve(NOTHING);

  const pass = (): Promise<IntakeReport> => {
    current = current
      .catch(() => undefined)
      .then(() =>
        pollMailboxOnce({
          store: options.store,
          imap: options.imap,
          clock: options.clock,
          maxAttachmentBytes: options.maxAttachmentBytes,
          holder,
          ...(options.logger ? { logger: options.logger } : {}),
        }),
      )
      .then((report) => {
        options.onPass?.(report);
        if (report.taken > 0) options.logger?.info({ intake: report }, 'e-mail intake pass');
        return report;
      });
    return current;
  };

  const loop = (): void => {
    if (stopped) return;
    pass()
      .catch((error: unknown) => options.logger?.error({ err: error }, 'e-mail intake pass failed'))
      .finally(() => {
        if (!stopped) handle = setTimeout(loop, intervalMs);
      });
  };
  loop();

  return {
    runOnce: pass,
    async stop() {
      stopped = true;
      if (handle !== null) clearTimeout(handle);
      await current.catch(() => undefined);
    },
  };
}
