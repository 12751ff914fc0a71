/**
 * One pass of the e-mail outbox: claim the due mails (row locks, so any number of servers may run
 * it), send each, and record the outcome — sent, queued again with a growing delay, or given up
 * after `maxAttempts` with the last error kept. A mail is marked sent only after the server took it;
 * a sender that dies in between leaves it claimed until its lease runs out, then it is sent again
 * (at least once, never lost). A mail's files (mail_outbox_attachments) are read from the blob store
 * at each attempt; a mail without files is sent exactly as a text mail.
 */
import type { Clock } from '../context.js';
import type { Logger } from '../logger.js';
import type { OutboxMail } from '../store/notificationPorts.js';
import type { Store } from '../store/ports.js';

export interface MailFile {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Only on a mail that carries files. */
  attachments?: MailFile[];
}

/**
 * What the sender needs of a mail transport (nodemailer's `sendMail` fits: it resolves with the
 * `messageId` it gave the mail, which is kept on the outbox row).
 */
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
  /** `blobs` holds the bytes of mails with files. */
  store: Pick<Store, 'mailOutbox' | 'blobs'>;
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

/** The Message-ID a transport reports for a sent mail (nodemailer: `info.messageId`), else null. */
function messageIdOf(info: unknown): string | null {
  const id = typeof info === 'object' && info !== null ? (info as { messageId?: unknown }).messageId : null;
  return typeof id === 'string' && id !== '' ? id.slice(0, 998) : null;
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The message of `mail`, its files read (and checked against their SHA-256) from the blob store. */
async function messageOf(deps: OutboxDeps, mail: OutboxMail): Promise<MailMessage> {
  const message: MailMessage = {
    from: deps.from,
    to: mail.recipient,
    subject: mail.subject,
    text: mail.body,
  };
  const files = await deps.store.mailOutbox.attachments(mail.id);
  if (files.length === 0) return message;
  const attachments: MailFile[] = [];
  for (const file of files) {
    attachments.push({
      filename: file.fileName,
      content: await readAll(await deps.store.blobs.open(file.sha256)),
      contentType: file.contentType,
    });
  }
  return { ...message, attachments };
}

export async function sendOutbox(deps: OutboxDeps): Promise<OutboxReport> {
  const policy = { ...DEFAULT_OUTBOX_POLICY, ...deps.policy };
  const report: OutboxReport = { sent: 0, retried: 0, failed: 0 };
  const claimed = await deps.store.mailOutbox.claimDue(deps.clock.now(), policy.batchSize, policy.leaseMs);
  for (const mail of claimed) {
    try {
      const info = await deps.transport.sendMail(await messageOf(deps, mail));
      await deps.store.mailOutbox.markSent(mail.id, deps.clock.now(), messageIdOf(info));
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
