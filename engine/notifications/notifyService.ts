/**
 * The `notify` service of process diagrams: `to` names usernames or groups (a list or one name),
 * `subject` is `reminder` (the task is due soon), `overdue` (escalation to the controller) or free
 * text, `body` the text of a free message. Each recipient gets an in-app notification and a mail.
 */
import type { UseCaseContext } from '../context.js';
import { isUuid } from '../store/ids.js';
import type { NotificationKind, NotificationParams } from '../store/notificationPorts.js';
import type { Repositories } from '../store/ports.js';
import { notifyUsers } from './notifyUsers.js';
import { resolveRecipients } from './recipients.js';

const KIND_BY_SUBJECT: Record<string, NotificationKind> = {
  reminder: 'task_due_soon',
  overdue: 'task_overdue',
};

export interface NotifyRequest {
  to: unknown;
  subject: unknown;
  body: unknown;
  instance: { id: string; businessKey: string | null };
}

/** Returns the usernames told. */
export async function notifyFromProcess(
  ctx: UseCaseContext,
  tx: Repositories,
  request: NotifyRequest,
): Promise<string[]> {
  const recipients = await resolveRecipients(tx, request.to);
  if (recipients.length === 0) return [];
  const subject = typeof request.subject === 'string' ? request.subject.trim() : '';
  const kind = KIND_BY_SUBJECT[subject] ?? 'message';
  const { businessKey } = request.instance;
  const document = businessKey && isUuid(businessKey) ? await tx.documents.get(businessKey) : null;
  const openTasks = await tx.tasks.listByInstance(request.instance.id, { status: 'open' });
  const base: NotificationParams = {
    ...(document
      ? { registrationNumber: document.registrationNumber, documentSubject: document.subject }
      : {}),
    ...(kind === 'message' ? { subject, text: typeof request.body === 'string' ? request.body : '' } : {}),
  };
  for (const user of recipients) {
    // A reminder leads to the recipient's own open task of the instance, when there is one.
    const own = kind === 'message' ? undefined : openTasks.find((task) => task.assignee === user.username);
    await notifyUsers(ctx, tx, [user], {
      kind,
      taskId: own?.id ?? null,
      documentId: document?.id ?? null,
      instanceId: request.instance.id,
      params: {
        ...base,
        ...(own ? { taskName: own.name, ...(own.dueAt ? { dueAt: own.dueAt.toISOString() } : {}) } : {}),
        // Not the recipient's own task (a controller's reminder, a group's task): still say which.
        ...(!own && kind !== 'message' && openTasks[0] ? { taskName: openTasks[0].name } : {}),
        ...(!own && document?.dueDate ? { dueDate: document.dueDate } : {}),
      },
    });
  }
  return recipients.map((user) => user.username);
}
