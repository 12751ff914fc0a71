/**
 * `GET /`: the inbox — the open tasks with a scope filter, an "overdue only" filter and counts,
 * overdue first or (`sort=priority`) urgent first; each unassigned task can be claimed; then the
 * unread notifications with links.
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
import { notificationsInLanguage } from '../../../engine/notifications/notificationNames.js';
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
    const sort = queryText(req, 'sort') === 'priority' ? 'priority' : 'due';
    const page = pageNumber(queryText(req, 'page'));
    const lang = requestLanguage(req);
    const inbox = await loadInbox(ctx, { scope, overdueOnly, sort, page, language: lang });
    const notifications = await notificationsInLanguage(
      ctx,
      lang,
      await listMyNotifications(ctx, { unreadOnly: true, limit: SHOWN_NOTIFICATIONS }),
    );
    const scopeQuery = [
      ...(scope === 'all' ? [] : [`scope=${scope}`]),
      ...(sort === 'priority' ? ['sort=priority'] : []),
    ].join('&');
    // The other order, keeping scope and the overdue filter.
    const sortToggle = `/?${[
      ...(scope === 'all' ? [] : [`scope=${scope}`]),
      ...(overdueOnly ? ['overdue=1'] : []),
      ...(sort === 'priority' ? [] : ['sort=priority']),
    ].join('&')}`;
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
          // Counted up to a cap: "500+".
          capped: inbox.countsCapped[code],
          current: code === scope ? 'true' : 'false',
          href: `/?scope=${code}${overdueOnly ? '&overdue=1' : ''}${sort === 'priority' ? '&sort=priority' : ''}`,
        })),
        sortCurrent: sort === 'priority' ? 'true' : 'false',
        sortToggle,
        overdueCount: inbox.counts.overdue,
        overdueCapped: inbox.countsCapped.overdue,
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
            {
              scope: scope === 'all' ? '' : scope,
              overdue: overdueOnly ? '1' : '',
              sort: sort === 'priority' ? 'priority' : '',
            },
            page,
            inbox.total,
            INBOX_PAGE_SIZE,
            // A capped total: there is at least one more page ("page 1 of at least 11").
            inbox.totalIsCapped,
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
