/** `GET /documents/:id`: the document card; 404 for a document the user may not see. */
import { Router } from 'express';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { loadDocumentCard } from './documentCardQuery.js';

export function documentCardPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/documents/:id', async (req, res) => {
    const card = await loadDocumentCard(pageContext(req, deps), req.params.id);
    renderPage(
      req,
      res,
      'documentCard',
      {
        title: 'documentCard.title',
        card,
        processes: card.processes.map((p) => ({
          ...p,
          tasks: p.tasks.map((task) => ({
            ...task,
            who: task.assignee ?? [...task.candidateUsers, ...task.candidateGroups].join(', '),
            open: task.status === 'open',
          })),
        })),
        attachments: card.attachments.map((a) => ({
          ...a,
          href: `/documents/${card.document.id}/attachments/${a.id}`,
        })),
      },
      { timeZone: deps.settings.timeZone },
    );
  });
  return router;
}
