/**
 * Puts the count of the user's unread notifications where the layout's badge reads it
 * (`res.locals.unreadNotifications`): one indexed count per page render.
 */
import type { RequestHandler } from 'express';
import { countMyUnreadNotifications } from '../../../engine/notifications/inAppNotifications.js';
import { pageContext, type PageDeps } from '../pageDeps.js';

export function notificationBadge(deps: PageDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      if (req.method === 'GET' && req.actor?.id) {
        res.locals.unreadNotifications = await countMyUnreadNotifications(pageContext(req, deps));
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
