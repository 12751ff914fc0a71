/** Ports of notifications: what a person is told in the app, and the e-mail outbox that carries it. */
import type { JsonValue } from './ports.js';

export const NOTIFICATION_KINDS = [
  'task_assigned',
  'task_offered',
  'task_returned',
  'task_due_soon',
  'task_overdue',
  'message',
  'substitution_granted',
  'draft_revised',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type NotificationParams = { [key: string]: JsonValue };

export interface Notification {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  taskId: string | null;
  documentId: string | null;
  instanceId: string | null;
  /** What the message needs besides the kind (task name, registration number, comment…). */
  params: NotificationParams;
  createdAt: Date;
  readAt: Date | null;
}

export interface NewNotification {
  recipientId: string;
  kind: NotificationKind;
  taskId?: string | null;
  documentId?: string | null;
  instanceId?: string | null;
  params?: NotificationParams;
  createdAt: Date;
}

export interface NotificationRepository {
  insert(notification: NewNotification): Promise<Notification>;
  /** The recipient's notifications, newest first. */
  listFor(recipientId: string, options?: { unreadOnly?: boolean; limit?: number }): Promise<Notification[]>;
  countUnread(recipientId: string): Promise<number>;
  /** False when there is no such notification of this recipient; reading twice keeps the first time. */
  markRead(id: string, recipientId: string, at: Date): Promise<boolean>;
  /** Returns how many were unread. */
  markAllRead(recipientId: string, at: Date): Promise<number>;
  /** Marks the recipient's unread notifications about this task read; returns how many. */
  markReadForTask(recipientId: string, taskId: string, at: Date): Promise<number>;
}

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxMail {
  id: string;
  notificationId: string | null;
  recipient: string;
  subject: string;
  body: string;
  status: MailStatus;
  /** Sending attempts started so far (a claim counts as one). */
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** The Message-ID of the mail as handed to the SMTP server, once sent (when the transport told it). */
  messageId: string | null;
}

/** A file an outbox mail carries: bytes in the blob store, named by their SHA-256. */
export interface OutboxAttachment {
  sha256: string;
  fileName: string;
  contentType: string;
}

export interface NewOutboxMail {
  notificationId?: string | null;
  recipient: string;
  subject: string;
  body: string;
  createdAt: Date;
  /** Files sent with the mail, in this order (none: a plain text mail). */
  attachments?: OutboxAttachment[];
}

export interface MailOutboxRepository {
  /** Queues a mail, due at once. */
  enqueue(mail: NewOutboxMail): Promise<OutboxMail>;
  /**
   * Claims up to `limit` mails due at `now` (queued, or left 'sending' by a sender whose lease ran
   * out) and counts an attempt on each. Concurrent claimers get different mails.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxMail[]>;
  /** `messageId`: the Message-ID the SMTP server was handed, when the transport told it. */
  markSent(id: string, at: Date, messageId?: string | null): Promise<void>;
  /** The files of mail `id`, in order (none for a plain text mail). */
  attachments(id: string): Promise<OutboxAttachment[]>;
  /** Records the error; queued again for `retryAt`, or given up ('failed') when it is null. */
  markFailed(id: string, error: string, retryAt: Date | null): Promise<void>;
  get(id: string): Promise<OutboxMail | null>;
  /** Newest first (administration, tests). */
  list(options?: { status?: MailStatus; limit?: number }): Promise<OutboxMail[]>;
}
