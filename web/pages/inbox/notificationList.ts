/**
 * Notifications as pages and the API show them: the stored kind and params rendered in the
 * reader's language now (so a switch of language applies to old ones too), with the link to follow.
 */
import type { Notification } from '../../../engine/store/notificationPorts.js';
import { notificationLink } from '../../../engine/notifications/notifyUsers.js';
import { type Language, translator } from '../../i18n/translate.js';

export interface PresentedNotification {
  id: string;
  kind: Notification['kind'];
  text: string;
  /** The comment of a returned task, shown under the text. */
  comment: string | null;
  link: string | null;
  taskId: string | null;
  documentId: string | null;
  createdAt: Date;
  read: boolean;
}

const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

export function presentNotification(notification: Notification, language: Language): PresentedNotification {
  const t = translator(language);
  const { params } = notification;
  const document = [str(params.registrationNumber), str(params.documentSubject)].filter(Boolean).join(' ');
  // A reminder about a task the reader does not hold names no task: the document stands in for it.
  const task = str(params.taskName) || document || t('notifications.someTask');
  const text = t(`notifications.kind.${notification.kind}`, {
    task,
    by: str(params.by) || 'Kanceleja',
    document: document || str(params.taskName),
    subject: str(params.subject) || str(params.text) || document,
    for: str(params.for),
  });
  const comment = str(params.comment);
  return {
    id: notification.id,
    kind: notification.kind,
    text: notification.kind === 'message' && str(params.text) && document ? `${text} — ${document}` : text,
    comment: comment || null,
    link: notificationLink(notification),
    taskId: notification.taskId,
    documentId: notification.documentId,
    createdAt: notification.createdAt,
    read: notification.readAt !== null,
  };
}
