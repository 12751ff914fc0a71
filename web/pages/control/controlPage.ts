/** `GET /control`: the tasks under the user's control, overdue first, 50 a page. */
import { Router } from 'express';
import { requestLanguage } from '../../i18n/translate.js';
import { queryText } from '../formBody.js';
import { INBOX_PAGE_SIZE } from '../inbox/inboxQuery.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { pageNumber, pager } from '../paging.js';
import { renderFragment, renderPage } from '../views.js';
import { loadControlledTasks } from './controlQuery.js';

export function controlPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/control', async (req, res) => {
    const page = pageNumber(queryText(req, 'page'));
    const { tasks, total, overdue, totalIsCapped, overdueIsCapped } = await loadControlledTasks(
      pageContext(req, deps),
      page,
      requestLanguage(req),
    );
    renderPage(
      req,
      res,
      'control',
      {
        title: 'control.title',
        overdueCount: overdue,
        overdueCapped: overdueIsCapped,
        tasks: tasks.map((task) => ({ ...task, rowClass: task.overdue ? 'overdue' : '' })),
        pagerHtml: renderFragment('pager', {
          lang: requestLanguage(req),
          // A capped total: there is at least one more page.
          pager: pager('/control', {}, page, total, INBOX_PAGE_SIZE, totalIsCapped),
        }),
      },
      { timeZone: deps.settings.timeZone },
    );
  });
  return router;
}
