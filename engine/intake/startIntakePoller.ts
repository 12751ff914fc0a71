/**
 * The intake loop a server runs: a pass every `intervalMs` (the next one scheduled only after the
 * previous ended, `startPeriodic`) over the mailbox of IMAP_URL, if configured, and every active
 * mailbox an administrator configured (`store.intakeAccounts`), each read by `pollMailboxOnce`. A
 * mailbox that cannot be reached is logged and tried again at the next pass, the others are read all
 * the same; any number of servers may run the loop (one reads a mailbox at a time, under the lease
 * the database gives, `intake.leaseMailbox`).
 */
import type { Clock } from '../context.js';
import type { Logger } from '../logger.js';
import { type PeriodicRunner, startPeriodic } from '../periodicRunner.js';
import type { Store } from '../store/ports.js';
import { type ImapConfig, mailboxKey } from './intakeConfig.js';
import { type IntakeReport, pollMailboxOnce, processHolder } from './pollMailbox.js';

export interface IntakePollerOptions {
  store: Store;
  /** The mailbox of IMAP_URL; null when only configured mailboxes are read. */
  imap: ImapConfig | null;
  clock: Clock;
  maxAttachmentBytes: number;
  logger?: Logger;
  /** Defaults to the configured IMAP_POLL_SECONDS, or a minute without IMAP_URL. */
  intervalMs?: number;
  onPass?: (report: IntakeReport) => void;
}

export type RunningIntakePoller = PeriodicRunner<IntakeReport>;

const NOTHING: IntakeReport = { taken: 0, duplicates: 0, withProblems: 0, skipped: true };

/** The mailboxes of a pass: IMAP_URL's, then the administrator's active ones. */
async function mailboxesToRead(options: IntakePollerOptions): Promise<ImapConfig[]> {
  const configured = await options.store.intakeAccounts.activeWithPasswords();
  return [
    ...(options.imap ? [options.imap] : []),
    ...configured.map((account): ImapConfig => ({
      host: account.host,
      port: account.port,
      secure: account.secure,
      user: account.user,
      password: account.password,
      folder: account.folder,
      moveTo: account.moveTo,
      pollIntervalMs: options.imap?.pollIntervalMs ?? DEFAULT_INTERVAL_MS,
      allowUntrustedCertificate: options.imap?.allowUntrustedCertificate ?? false,
    })),
  ];
}

const DEFAULT_INTERVAL_MS = 60_000;

export function startIntakePoller(options: IntakePollerOptions): RunningIntakePoller {
  const holder = processHolder();
  return startPeriodic<IntakeReport>({
    name: 'e-mail intake',
    intervalMs: options.intervalMs ?? options.imap?.pollIntervalMs ?? DEFAULT_INTERVAL_MS,
    initial: NOTHING,
    logger: options.logger,
    pass: async () => {
      const report: IntakeReport = { taken: 0, duplicates: 0, withProblems: 0, skipped: true };
      const mailboxes = await mailboxesToRead(options);
      for (const imap of mailboxes) {
        try {
          const read = await pollMailboxOnce({
            store: options.store,
            imap,
            clock: options.clock,
            maxAttachmentBytes: options.maxAttachmentBytes,
            holder,
            ...(options.logger ? { logger: options.logger } : {}),
          });
          report.taken += read.taken;
          report.duplicates += read.duplicates;
          report.withProblems += read.withProblems;
          report.skipped &&= read.skipped;
        } catch (error) {
          // One mailbox out of reach does not keep the others from being read.
          if (mailboxes.length === 1) throw error;
          options.logger?.warn(
            { err: error, mailbox: mailboxKey(imap) },
            'an intake mailbox could not be read',
          );
        }
      }
      options.onPass?.(report);
      if (report.taken > 0) options.logger?.info({ intake: report }, 'e-mail intake pass');
      return report;
    },
  });
}
