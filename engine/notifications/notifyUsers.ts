/**
 * Tells people something: one in-app notification each, and a queued mail for those with an e-mail
 * address — in the caller's transaction, so that they exist exactly when the step that caused them
 * does. The person who caused it is not told about their own act. A mail is written in its
 * recipient's language and links to the public address of the server (PUBLIC_URL).
 */
import { settingsOf, type UseCaseContext } from '../context.js';
import { mailLanguageOf, renderMail } from '../mail/mailMessages.js';
import type { NotificationKind, NotificationParams } from '../store/notificationPorts.js';
import type { Repositories, User } from '../store/ports.js';

export interface NotificationDraft {
  kind: NotificationKind;
  taskId?: string | null;
  documentId?: string | null;
  instanceId?: string | null;
  params: NotificationParams;
}

/** Where the notification leads: the task page, else the document card. */
export function notificationLink(draft: Pick<NotificationDraft, 'taskId' | 'documentId'>): string | null {
  if (draft.taskId) return `/tasks/${draft.taskId}`;
  if (draft.documentId) return `/documents/${draft.documentId}`;
  return null;
}

/**
 * The notification's address in a mail: its link under `publicUrl` (a base path kept). Null without
 * a public URL, since a bare path opens nothing from a mail program.
 */
export function mailLink(
  publicUrl: string | null | undefined,
  draft: Pick<NotificationDraft, 'taskId' | 'documentId'>,
): string | null {
  const path = notificationLink(draft);
  if (!path || !publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}

/** Returns how many people were notified. */
export async function notifyUsers(
  ctx: UseCaseContext,
  tx: Pick<Repositories, 'notifications' | 'mailOutbox'>,
  recipients: readonly User[],
  draft: NotificationDraft,
): Promise<number> {
  const now = ctx.clock.now();
  const settings = settingsOf(ctx);
  const seen = new Set<string>();
  for (const user of recipients) {
    if (!user.active || user.id === ctx.actor.id || seen.has(user.id)) continue;
    seen.add(user.id);
    const notification = await tx.notifications.insert({
      recipientId: user.id,
      kind: draft.kind,
      taskId: draft.taskId ?? null,
      documentId: draft.documentId ?? null,
      instanceId: draft.instanceId ?? null,
      params: draft.params,
      createdAt: now,
    });
    if (user.email && user.email.includes('@')) {
      const mail = renderMail(draft.kind, draft.params, {
        language: mailLanguageOf(user.language),
        link: mailLink(settings.publicUrl, draft),
        timeZone: settings.timeZone,
      });
      await tx.mailOutbox.enqueue({
        notificationId: notification.id,
        recipient: user.email,
        ...mail,
        createdAt: now,
      });
    }
  }
  return seen.size;
}
