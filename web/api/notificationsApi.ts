/**
 * The user's own notifications: list (rendered in the request's language), mark one or all read;
 * and comments on tasks (read and write, for whoever may see the task).
 */
import { z } from 'zod';
import {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../engine/notifications/inAppNotifications.js';
import { commentOnTask, listTaskComments } from '../../engine/records/taskComments.js';
import { apiLanguage } from '../i18n/translate.js';
import { presentNotification } from '../pages/inbox/notificationList.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { NotificationBody, TaskCommentBody } from './support/responseSchemas.js';
import { ErrorBody, IdParams, queryInteger } from './support/schemas.js';

const ListQuery = z.object({
  unread: z.enum(['true', 'false']).default('false').describe('`true`: unread ones only.'),
  limit: queryInteger().pipe(z.number().min(1).max(200)).default(50),
});

const CommentBody = z.strictObject({
  body: z.string().max(4000).describe('The comment, 1–4000 characters.'),
});

export function notificationRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/notifications',
      summary: "The user's notifications, newest first, with their text in the request's language",
      tag: 'notifications',
      query: ListQuery,
      responses: {
        200: { description: 'The notifications, newest first.', schema: z.array(NotificationBody) },
        400: { description: 'A bad query.', schema: ErrorBody },
      },
    },
    async ({ ctx, req, res, query }) => {
      const found = await listMyNotifications(ctx, {
        unreadOnly: query.unread === 'true',
        limit: query.limit,
      });
      const lang = apiLanguage(req);
      res.json(found.map((notification) => presentNotification(notification, lang)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/notifications/read-all',
      summary: "Mark all the user's notifications read",
      tag: 'notifications',
      responses: {
        200: {
          description: 'How many were unread.',
          schema: z.object({ marked: z.number().int().describe('How many were unread.') }),
        },
      },
    },
    async ({ ctx, res }) => {
      res.json({ marked: await markAllNotificationsRead(ctx) });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/notifications/:id/read',
      summary: 'Mark one notification read',
      tag: 'notifications',
      params: IdParams,
      responses: {
        204: { description: 'Marked read.' },
        404: { description: 'No such notification of this user.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      await markNotificationRead(ctx, params.id);
      res.status(204).end();
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/tasks/:id/comments',
      summary: "A task's comments, oldest first",
      tag: 'tasks',
      params: IdParams,
      responses: {
        200: { description: 'The comments, oldest first.', schema: z.array(TaskCommentBody) },
        404: { description: 'No such task, or one the user may not see.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(await listTaskComments(ctx, params.id));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/comments',
      summary: 'Comment on a task (shown on the task page and in its document timeline)',
      tag: 'tasks',
      params: IdParams,
      body: CommentBody,
      responses: {
        201: { description: 'The comment.', schema: TaskCommentBody },
        400: { description: 'An empty or too long comment.', schema: ErrorBody },
        403: { description: 'An auditor reads comments and writes none.', schema: ErrorBody },
        404: { description: 'No such task, or one the user may not see.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      res.status(201).json(await commentOnTask(ctx, { taskId: params.id, body: body.body }));
    },
  );
}
