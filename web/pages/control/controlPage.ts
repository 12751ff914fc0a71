/** `GET /control`: the tasks under the user's control, overdue first. */
import { Router } from 'express';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { loadControlledTasks } from './controlQuery.js';

export function controlPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/control', async (req, res) => {
    const tasks = await loadControlledTasks(pageContext(req, deps));
    renderPage(
      req,
      res,
      'control',
      {
        title: 'control.title',
        overdueCount: tasks.filter((task) => task.overdue).length,
        tasks: tasks.map((task) => ({ ...task, rowClass: task.overdue ? 'overdue' : '' })),
      },
      { timeZone: deps.settings.timeZone },
    );
  });
  return router;
}
