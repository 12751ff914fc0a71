/**
 * One pass over the intake mailbox: every message not yet taken becomes an intake item, exactly
 * once.
 *
 * - The database holds a lease per mailbox (`intake.leaseMailbox`): of several servers polling, one
 *   reads the mailbox at a time; the others skip the pass.
 * - It also holds UIDVALIDITY and the last UID taken: a pass asks the server only for later UIDs;
 *   a new UIDVALIDITY (the mailbox was rebuilt) starts over, and what was taken before is known
 *   again by its Message-ID (or the SHA-256 of its source).
 * - The item is inserted with both keys unique: should two passes ever read one message, one insert
 *   keeps it and the other inserts nothing.
 * - A taken message is moved to IMAP_MOVE_TO, or flagged `$Kanceleja` and seen, after its item is
 *   committed: a crash in between leaves it to be found taken at the next pass.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ImapFlow } from 'imapflow';
import { type Clock, SYSTEM_ACTOR, auditActor } from '../context.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { NewIntakeItem } from '../store/intakePorts.js';
import { type ImapConfig, mailboxKey } from './intakeConfig.js';
import { envelopeItem, type MessagePlace, readMessage } from './readMessage.js';

export const TAKEN_KEYWORD = '$Kanceleja';

export interface IntakeReport {
  /** New intake items. */
  taken: number;
  /** Messages already taken (the same Message-ID, or found again after a restart). */
  duplicates: number;
  /** Items kept with a problem for the clerk. */
  withProblems: number;
  /** The pass did not read the mailbox: another server holds its lease. */
  skipped: boolean;
}

export interface PollOptions {
  store: Store;
  imap: ImapConfig;
  clock: Clock;
  logger?: Logger;
  /** The largest file taken from a message (MAX_UPLOAD_MB). */
  maxAttachmentBytes: number;
  /** Messages larger than this are kept from their envelope only; default 3 × maxAttachmentBytes. */
  maxMessageBytes?: number;
  /** Who holds the lease: this process. */
  holder?: string;
  /** How long a lease lasts without renewal; renewed after every message. */
  leaseMs?: number;
}

export const processHolder = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function imapClient(imap: ImapConfig): ImapFlow {
  return new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: imap.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
    tls: { rejectUnauthorized: !imap.allowUntrustedCertificate },
  });
}

const addressOf = (list: { name?: string; address?: string }[] | undefined) => list?.[0] ?? null;

async function keepItem(
  store: Store,
  item: Omit<NewIntakeItem, 'correspondentId'>,
  at: Date,
): Promise<'taken' | 'duplicate'> {
  const [correspondentId] = item.fromAddress
    ? await store.intake.correspondentIdsByEmail(item.fromAddress)
    : [];
  return store.transaction(async (tx) => {
    const kept = await tx.intake.insert({ ...item, correspondentId: correspondentId ?? null });
    if (!kept) return 'duplicate';
    await tx.audit.append({
      ...auditActor(SYSTEM_ACTOR),
      occurredAt: at,
      action: 'intake.received',
      objectType: 'intake_item',
      objectId: kept.id,
      details: {
        mailbox: kept.mailbox,
        uid: kept.uid,
        messageId: kept.messageId,
        from: kept.fromAddress,
        subject: kept.subject.slice(0, 200),
        attachments: kept.attachments.length,
        ...(kept.problems.length > 0 ? { problems: kept.problems.map((p) => p.code) } : {}),
      },
    });
    return 'taken';
  });
}

/** Reads the mailbox once; throws when the server cannot be reached (the loop logs it and goes on). */
export async function pollMailboxOnce(options: PollOptions): Promise<IntakeReport> {
  const { store, imap, clock } = options;
  const report: IntakeReport = { taken: 0, duplicates: 0, withProblems: 0, skipped: false };
  const key = mailboxKey(imap);
  const holder = options.holder ?? processHolder();
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const maxMessageBytes = options.maxMessageBytes ?? options.maxAttachmentBytes * 3;
  const lease = () => {
    const now = clock.now();
    return store.intake.leaseMailbox(key, holder, now, new Date(now.getTime() + leaseMs));
  };
  const state = await lease();
  if (!state) return { ...report, skipped: true };

  const client = imapClient(imap);
  // A connection that drops is reported by the command that was waiting on it.
  client.on('error', (error: unknown) => options.logger?.warn({ err: error }, 'IMAP connection error'));
  try {
    await client.connect();
    if (imap.moveTo) {
      // Made once; an existing folder answers an error that is no problem.
      await client.mailboxCreate(imap.moveTo).catch(() => undefined);
    }
    const lock = await client.getMailboxLock(imap.folder);
    try {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error(`the IMAP folder ${imap.folder} did not open`);
      const uidValidity = Number(mailbox.uidValidity);
      const from = state.uidValidity === uidValidity ? state.lastUid + 1 : 1;
      const found = await client.search(
        imap.moveTo ? { uid: `${from}:*` } : { uid: `${from}:*`, unKeyword: TAKEN_KEYWORD },
        { uid: true },
      );
      const uids = (found || []).filter((uid) => uid >= from).sort((a, b) => a - b);

      const markTaken = async (uid: number) => {
        if (imap.moveTo) await client.messageMove(String(uid), imap.moveTo, { uid: true });
        else await client.messageFlagsAdd(String(uid), [TAKEN_KEYWORD, '\\Seen'], { uid: true });
      };

      for (const uid of uids) {
        if (!(await lease())) break; // the lease went to another server: it goes on from here
        const place: MessagePlace = { mailbox: key, uidValidity, uid, receivedAt: clock.now() };
        if (!(await store.intake.isTaken(key, uidValidity, uid))) {
          const meta = await client.fetchOne(
            String(uid),
            { uid: true, size: true, envelope: true },
            { uid: true },
          );
          if (!meta) continue; // expunged meanwhile
          let item: Omit<NewIntakeItem, 'correspondentId'>;
          if ((meta.size ?? 0) > maxMessageBytes) {
            const envelope = meta.envelope;
            const sender = addressOf(envelope?.from);
            const date = envelope?.date ? new Date(envelope.date) : null;
            item = envelopeItem(
              {
                messageId: envelope?.messageId ?? null,
                inReplyTo: envelope?.inReplyTo ?? null,
                subject: envelope?.subject ?? null,
                date,
                from: sender ? { name: sender.name ?? null, address: sender.address ?? null } : null,
                size: meta.size ?? 0,
              },
              place,
              maxMessageBytes,
            );
          } else {
            const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
            if (!message || !message.source) continue;
            item = await readMessage(message.source, place, {
              store,
              maxAttachmentBytes: options.maxAttachmentBytes,
            });
          }
          const outcome = await keepItem(store, item, clock.now());
          if (outcome === 'taken') {
            report.taken += 1;
            if (item.problems.length > 0) report.withProblems += 1;
          } else {
            report.duplicates += 1;
          }
        } else {
          report.duplicates += 1;
        }
        try {
          await markTaken(uid);
        } catch (error) {
          // Taken all the same: the database knows the UID, the next pass marks it again.
          options.logger?.warn({ err: error, uid }, 'could not mark a taken message on the IMAP server');
        }
        await store.intake.advanceMailbox(key, uidValidity, uid, clock.now());
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
    await store.intake.releaseMailbox(key, holder).catch(() => undefined);
  }
  return report;
}
