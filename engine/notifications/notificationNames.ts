/**
 * A notification names its task as the task was named when it was sent, in the language of the
 * process's default name; the inbox shows the name the diagram gives in the page's language.
 */
import type { UseCaseContext } from '../context.js';
import type { Notification } from '../store/notificationPorts.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { localElementNames } from '../workflow/deployment/localNames.js';

/** Notifications about a task, with the task's name (stored when they were sent) in `language`. */
export async function notificationsInLanguage(
  ctx: UseCaseContext,
  language: string,
  notifications: Notification[],
): Promise<Notification[]> {
  const named = await Promise.all(
    notifications.map(async (notification) =>
      // Only the actor's own notifications: the task they name was theirs to hear of.
      notification.recipientId === ctx.actor.id &&
      notification.taskId &&
      typeof notification.params.taskName === 'string'
        ? ctx.store.tasks.get(notification.taskId)
        : null,
    ),
  );
  const tasks = named.filter((task): task is TaskRecord => task !== null);
  const names = new Map(
    (await localElementNames(ctx, language, tasks)).map((name, index) => [tasks[index]?.id, name]),
  );
  return notifications.map((notification) => {
    const name = notification.taskId ? names.get(notification.taskId) : undefined;
    // Only a name the task still has is replaced (a reminder may name the document instead).
    const task = tasks.find((t) => t.id === notification.taskId);
    return name !== undefined && task && notification.params.taskName === task.name
      ? { ...notification, params: { ...notification.params, taskName: name } }
      : notification;
  });
}
