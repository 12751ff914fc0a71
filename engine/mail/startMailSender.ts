/**
 * The outbox loop a server runs when SMTP is configured: a pass of `sendOutbox` every `intervalMs`,
 * the next one scheduled only after the previous ended (`startPeriodic`). Each pass claims its mails
 * with row locks, so any number of servers may run the loop. Without SMTP no loop runs and mails stay
 * queued until a server with SMTP starts.
 */
import nodemailer from 'nodemailer';
import type { Clock } from '../context.js';
import type { Logger } from '../logger.js';
import { type PeriodicRunner, startPeriodic } from '../periodicRunner.js';
import type { Store } from '../store/ports.js';
import { type MailTransport, type OutboxPolicy, type OutboxReport, sendOutbox } from './sendOutbox.js';

export interface MailSenderOptions {
  store: Pick<Store, 'mailOutbox' | 'blobs'>;
  smtp: { url: string; from: string };
  clock: Clock;
  logger?: Logger;
  intervalMs?: number;
  policy?: Partial<OutboxPolicy>;
  /** Replaces the SMTP transport made from `smtp.url` (tests). */
  transport?: MailTransport;
  onPass?: (report: OutboxReport) => void;
}

export type RunningMailSender = PeriodicRunner<OutboxReport>;

/** A nodemailer transport for an `smtp://` or `smtps://` URL; short timeouts so that a pass never hangs. */
export function smtpTransport(url: string): MailTransport {
  return nodemailer.createTransport(url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Record<string, unknown>);
}

export function startMailSender(options: MailSenderOptions): RunningMailSender {
  const transport = options.transport ?? smtpTransport(options.smtp.url);
  return startPeriodic<OutboxReport>({
    name: 'mail outbox',
    intervalMs: options.intervalMs ?? 10_000,
    initial: { sent: 0, retried: 0, failed: 0 },
    logger: options.logger,
    onPass: options.onPass,
    pass: () =>
      sendOutbox({
        store: options.store,
        transport,
        from: options.smtp.from,
        clock: options.clock,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.policy ? { policy: options.policy } : {}),
      }),
  });
}
