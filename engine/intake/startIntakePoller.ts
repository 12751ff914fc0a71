/**
 * The intake loop a server runs when IMAP_URL is configured: a pass of `pollMailboxOnce` every
 * `intervalMs`, the next one scheduled only after the previous ended (`startPeriodic`). A mailbox that cannot be
 * reached is logged and tried again at the next pass; any number of servers may run the loop (one
 * reads a mailbox at a time, under the lease the database gives, `intake.leaseMailbox`).
 */
import type { Clock } from '../context.js';
import type { Logger } from '../logger.js';
import { type PeriodicRunner, startPeriodic } from '../periodicRunner.js';
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

export type RunningIntakePoller = PeriodicRunner<IntakeReport>;

const NOTHING: IntakeReport = { taken: 0, duplicates: 0, withProblems: 0, skipped: true };

export function startIntakePoller(options: IntakePollerOptions): RunningIntakePoller {
  const holder = processHolder();
  return startPeriodic<IntakeReport>({
    name: 'e-mail intake',
    intervalMs: options.intervalMs ?? options.imap.pollIntervalMs,
    initial: NOTHING,
    logger: options.logger,
    pass: async () => {
      const report = await pollMailboxOnce({
        store: options.store,
        imap: options.imap,
        clock: options.clock,
        maxAttachmentBytes: options.maxAttachmentBytes,
        holder,
        ...(options.logger ? { logger: options.logger } : {}),
      });
      options.onPass?.(report);
      if (report.taken > 0) options.logger?.info({ intake: report }, 'e-mail intake pass');
      return report;
    },
  });
}
