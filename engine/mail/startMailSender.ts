/**
 * The outbox loop a server runs when SMTP is configured: a pass of `sendOutbox` every `intervalMs`,
 * the next one scheduled only after the previous ended. Without SMTP no loop runs and mails stay
 * queued until a server with SMTP starts.
 */
import nodemailer from 'nodemailer';
import type { Clock } from '../context.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import { type MailTransport, type OutboxPolicy, type OutboxReport, sendOutbox } from './sendOutbox.js';

export interface MailSenderOptions {
  store: Pick<Store, 'mailOutbox'>;
  smtp: { url: string; from: string };
  clock: Clock;
  logger?: Logger;
  intervalMs?: number;
  policy?: Partial<OutboxPolicy>;
  /** Replaces the SMTP transport made from `smtp.url` (tests). */
  transport?: MailTransport;
  onPass?: (report: OutboxReport) => void;
}

export interface RunningMailSender {
  /** Runs one pass now, after any pass in progress. */
  runOnce(): Promise<OutboxReport>;
  stop(): Promise<void>;
}

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
  const intervalMs = options.intervalMs ?? 10_000;
  let stopped = false;
  let handle: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<OutboxReport> = Promise.resolve({ sent: 0, retried: 0, failed: 0 });

  const pass = (): Promise<OutboxReport> => {
    current = current
      .catch(() => undefined)
      .then(() =>
        sendOutbox({
          store: options.store,
          transport,
          from: options.smtp.from,
          clock: options.clock,
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.policy ? { policy: options.policy } : {}),
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
      .catch((error: unknown) => options.logger?.error({ err: error }, 'mail outbox pass failed'))
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
