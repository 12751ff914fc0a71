/**
 * Port of e-mail intake (issue 17, part 2): messages read from IMAP mailboxes, kept as intake items
 * until a registrar registers them, attaches them to a document or sets them aside; and how far each
 * mailbox was read (UIDVALIDITY and the last UID taken) with a lease so that one server reads a
 * mailbox at a time.
 */

export const INTAKE_STATUSES = ['new', 'registered', 'attached', 'set_aside'] as const;
export type IntakeStatus = (typeof INTAKE_STATUSES)[number];

/** A file of the message, stored and checked by the attachment pipeline (prepareAttachment). */
export interface IntakeAttachment {
  fileName: string;
  sha256: string;
  size: number;
  contentType: string;
  textContent: string | null;
}

/** Something wrong with the message, shown to the clerk: a code and an English message. */
export interface IntakeProblem {
  code: string;
  message: string;
  fileName?: string;
}

export interface IntakeItem {
  id: string;
  /** The mailbox's key: account and folder, without the password. */
  mailbox: string;
  uidValidity: number;
  uid: number;
  /** The Message-ID, or `sha256:<hash of the source>` when the message has none. */
  dedupeKey: string;
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  sentAt: Date | null;
  receivedAt: Date;
  bodyText: string;
  inReplyTo: string | null;
  references: string[];
  /** The original message (`.eml`) in the blob store; null when it was too large to take. */
  emlSha256: string | null;
  emlSize: number | null;
  attachments: IntakeAttachment[];
  problems: IntakeProblem[];
  /** The correspondent card whose e-mail is the sender's. */
  correspondentId: string | null;
  status: IntakeStatus;
  /** The document registered from it or it was attached to. */
  documentId: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  version: number;
}

export type NewIntakeItem = Omit<
  IntakeItem,
  'id' | 'status' | 'documentId' | 'decidedBy' | 'decidedAt' | 'decisionNote' | 'version'
>;

export interface IntakeMailboxState {
  mailbox: string;
  uidValidity: number | null;
  lastUid: number;
}

export interface IntakeDecision {
  status: Exclude<IntakeStatus, 'new'>;
  documentId: string | null;
  decidedBy: string;
  decidedAt: Date;
  note: string | null;
}

export interface IntakeRepository {
  /**
   * Takes (or renews) the lease of a mailbox for `holder` until `until`, when no other holder has an
   * unexpired one; returns how far the mailbox was read, or null when another holder reads it now.
   */
  leaseMailbox(mailbox: string, holder: string, now: Date, until: Date): Promise<IntakeMailboxState | null>;
  /** Ends `holder`'s lease (another holder's lease is left alone). */
  releaseMailbox(mailbox: string, holder: string): Promise<void>;
  /**
   * Records that UIDs up to `uid` of `uidValidity` were taken. A new UIDVALIDITY starts over at `uid`;
   * the same one only moves forward.
   */
  advanceMailbox(mailbox: string, uidValidity: number, uid: number, now: Date): Promise<void>;
  /** Whether the message (mailbox, UIDVALIDITY, UID) or one with this dedupe key was already taken. */
  isTaken(mailbox: string, uidValidity: number, uid: number, dedupeKey?: string): Promise<boolean>;
  /**
   * Keeps a new item; null when the message was already taken (the same mailbox UID, or the same
   * dedupe key): of two concurrent inserts of one message, one gets the item and the other null.
   */
  insert(item: NewIntakeItem): Promise<IntakeItem | null>;
  /** Null for an unknown or malformed id. */
  get(id: string): Promise<IntakeItem | null>;
  /** Items, newest first; by status when given. */
  list(filter: { status?: IntakeStatus; limit: number; offset: number }): Promise<{
    items: IntakeItem[];
    total: number;
  }>;
  /** Decides a new item; Conflict when it was already decided (or its version moved), NotFound when absent. */
  decide(id: string, expectedVersion: number, decision: IntakeDecision): Promise<IntakeItem>;
  /** The correspondent cards whose e-mail is `email` (case-insensitive), oldest first. */
  correspondentIdsByEmail(email: string): Promise<string[]>;
  /** Documents that intake items with these Message-IDs were registered as or attached to. */
  documentIdsByMessageIds(messageIds: string[]): Promise<string[]>;
  /** Documents with one of these registration numbers. */
  documentIdsByNumbers(numbers: string[]): Promise<string[]>;
}
