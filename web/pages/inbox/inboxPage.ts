/**
 * `GET /`: the inbox — unread notifications with links, then the open tasks with a scope filter,
 * an "overdue only" filter and counts; each unassigned task can be claimed.
 * `POST /notifications/:id/read` and `POST /notifications/read-all` mark notifications read.
 */
import { Router } from 'express';
import {
  listMyNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../../engine/notifications/inAppNotifications.js';
import { requestLanguage } from '../../i18n/translate.js';
import { queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { pageNumber, pager } from '../paging.js';
import { renderFragment, renderPage } from '../views.js';
import { INBOX_PAGE_SIZE, INBOX_SCOPES, type InboxScope, loadInbox } from './inboxQuery.js';
import { presentNotification } from './notificationList.js';

/** How many unread notifications the inbox lists; the badge counts them all. */
const SHOWN_NOTIFICATIONS = 20;

export function inboxPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const ctx = pageContext(req, deps);
    // `department` was the name of the unassigned tab: old links still open it.
    const asked = queryText(req, 'scope') === 'department' ? 'unassigned' : queryText(req, 'scope');
    const scope: InboxScope = (INBOX_SCOPES as readonly string[]).includes(asked)
      ? (asked as InboxScope)
      : 'all';
    const overdueOnly = queryText(req, 'overdue') === '1';
    const page = pageNumber(queryText(req, 'page'));
    const inbox = await loadInbox(ctx, { scope, overdueOnly, page });
    const notifications = await listMyNotifications(ctx, { unreadOnly: true, limit: SHOWN_NOTIFICATIONS });
    const lang = requestLanguage(req);
    const scopeQuery = scope === 'all' ? '' : `scope=${scope}`;
    renderPage(
      req,
      res,
      'inbox',
      {
        title: 'inbox.title',
        notifications: notifications.map((n) => presentNotification(n, lang)),
        scopes: INBOX_SCOPES.map((code) => ({
          code,
          count: inbox.counts[code],
          current: code === scope ? 'true' : 'false',
          href: `/?scope=${code}${overdueOnly ? '&overdue=1' : ''}`,
        })),
        overdueCount: inbox.counts.overdue,
        overdueCurrent: overdueOnly ? 'true' : 'false',
        overdueToggle: overdueOnly ? `/?${scopeQuery}` : `/?${scopeQuery ? `${scopeQuery}&` : ''}overdue=1`,
        tasks: inbox.tasks.map((task) => ({
          ...task,
          claimable: task.assignee === null,
          rowClass: task.overdue ? 'overdue' : '',
        })),
        pagerHtml: renderFragment('pager', {
          pager: pager(
            '/',
            { scope: scope === 'all' ? '' : scope, overdue: overdueOnly ? '1' : '' },
            page,
            inbox.total,
            INBOX_PAGE_SIZE,
          ),
          lang,
        }),
      },
      { timeZone: deps.settings.timeZone },
    );
  });

  router.post('/notifications/read-all', async (req, res) => {
    await markAllNotificationsRead(pageContext(req, deps));
    res.redirect(303, '/');
  });

  router.post('/notifications/:id/read', async (req, res) => {
    await markNotificationRead(pageContext(req, deps), req.params.id);
    res.redirect(303, '/');
  });
  return router;
}
