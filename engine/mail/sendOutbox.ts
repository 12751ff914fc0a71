/**
 * One pass of the e-mail outbox: claim the due mails (row locks, so any number of servers may run
 * it), send each, and record the outcome — sent, queued again with a growing delay, or given up
 * after `maxAttempts` with the last error kept. A mail is marked sent only after the server took it;
 * a sender that dies in between leaves it claimed until its lease runs out, then it is sent again
 * (at least once, never lost).
 */
import type { Clock } from '../context.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** What the sender needs of a mail transport (nodemailer's `sendMail` fits). */
export interface MailTransport {
  sendMail(message: MailMessage): Promise<unknown>;
}

export interface OutboxPolicy {
  /** Mails claimed per pass. */
  batchSize: number;
  /** How long a claim holds before another sender may take the mail over. */
  leaseMs: number;
  /** Attempts before a mail is given up. */
  maxAttempts: number;
  /** The delay after the first failure; doubled after each further one, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = {
  batchSize: 20,
  leaseMs: 5 * 60_000,
  maxAttempts: 8,
  retryDelayMs: 60_000,
  maxRetryDelayMs: 60 * 60_000,
};

export interface OutboxDeps {
  store: Pick<Store, 'mailOutbox'>;
  transport: MailTransport;
  from: string;
  clock: Clock;
  logger?: Logger;
  policy?: Partial<OutboxPolicy>;
}

export interface OutboxReport {
  sent: number;
  retried: number;
  failed: number;
}

/** When the next attempt after `attempts` failed ones is due. */
export function retryDelay(attempts: number, policy: OutboxPolicy): number {
  return Math.min(policy.retryDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxRetryDelayMs);
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function sendOutbox(deps: OutboxDeps): Promise<OutboxReport> {
  const policy = { ...DEFAULT_OUTBOX_POLICY, ...deps.policy };
  const report: OutboxReport = { sent: 0, retried: 0, failed: 0 };
  const claimed = await deps.store.mailOutbox.claimDue(deps.clock.now(), policy.batchSize, policy.leaseMs);
  for (const mail of claimed) {
    try {
      await deps.transport.sendMail({
        from: deps.from,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.body,
      });
      await deps.store.mailOutbox.markSent(mail.id, deps.clock.now());
      report.sent += 1;
    } catch (error) {
      const giveUp = mail.attempts >= policy.maxAttempts;
      const retryAt = giveUp
        ? null
        : new Date(deps.clock.now().getTime() + retryDelay(mail.attempts, policy));
      await deps.store.mailOutbox.markFailed(mail.id, reason(error), retryAt);
      if (giveUp) report.failed += 1;
      else report.retried += 1;
      deps.logger?.warn(
        { mailId: mail.id, attempts: mail.attempts, gaveUp: giveUp, err: reason(error) },
        'notification mail not sent',
      );
    }
  }
  return report;
}
