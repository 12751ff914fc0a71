/**
 * A person's own notifications: list, count, mark read. Nobody reads or marks another person's;
 * an id of someone else's is answered as unknown. Marking read is not audited: it changes nothing
 * but the reader's own view, and would flood the trail.
 */
import type { UseCaseContext } from '../context.js';
import { NotFound } from '../errors.js';
import type { Notification } from '../store/notificationPorts.js';

function recipientOf(ctx: UseCaseContext): string {
  if (ctx.actor.id === null) throw new NotFound('The system has no notifications.');
  return ctx.actor.id;
}

export function listMyNotifications(
  ctx: UseCaseContext,
  options: { unreadOnly?: boolean; limit?: number } = {},
): Promise<Notification[]> {
  return ctx.store.notifications.listFor(recipientOf(ctx), {
    unreadOnly: options.unreadOnly ?? false,
    limit: Math.min(Math.max(options.limit ?? 50, 1), 200),
  });
}

export function countMyUnreadNotifications(ctx: UseCaseContext): Promise<number> {
  return ctx.store.notifications.countUnread(recipientOf(ctx));
}

export async function markNotificationRead(ctx: UseCaseContext, id: string): Promise<void> {
  if (!(await ctx.store.notifications.markRead(id, recipientOf(ctx), ctx.clock.now()))) {
    throw new NotFound('No such notification.');
  }
}

/** Returns how many were unread. */
export function markAllNotificationsRead(ctx: UseCaseContext): Promise<number> {
  return ctx.store.notifications.markAllRead(recipientOf(ctx), ctx.clock.now());
}

/**
 * Opening a task is reading what was said about it: the person's notifications about the task stop
 * counting as unread. Nobody else's change.
 */
export async function markTaskNotificationsRead(ctx: UseCaseContext, taskId: string): Promise<number> {
  if (ctx.actor.id === null) return 0;
  return ctx.store.notifications.markReadForTask(ctx.actor.id, taskId, ctx.clock.now());
}
