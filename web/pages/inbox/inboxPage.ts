/** `GET /`: the inbox, with a scope filter and counts; each unassigned task can be claimed. */
import { Router } from 'express';
import { queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { INBOX_SCOPES, type InboxScope, loadInbox } from './inboxQuery.js';

export function inboxPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const asked = queryText(req, 'scope');
    const scope: InboxScope = (INBOX_SCOPES as readonly string[]).includes(asked)
      ? (asked as InboxScope)
      : 'all';
    const inbox = await loadInbox(pageContext(req, deps), scope);
    renderPage(
      req,
      res,
      'inbox',
      {
        title: 'inbox.title',
        scopes: INBOX_SCOPES.map((code) => ({
          code,
          count: inbox.counts[code],
          current: code === scope ? 'true' : 'false',
        })),
        overdueCount: inbox.counts.overdue,
        tasks: inbox.tasks.map((task) => ({
          ...task,
          claimable: task.assignee === null,
          rowClass: task.overdue ? 'overdue' : '',
        })),
      },
      { timeZone: deps.settings.timeZone },
    );
  });
  return router;
}
