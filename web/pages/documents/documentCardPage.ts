/**
 * `GET /documents/:id`: the document card; 404 for a document the user may not see.
 * `POST /documents/:id/reopen`: a registrar or a head reopens a closed document with a reason.
 */
import { Router } from 'express';
import { offerOf, peopleNames } from '../../../engine/directory/peopleNames.js';
import { mayReopen, reopenDocument } from '../../../engine/records/closedDocument.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { describeOffer } from '../tasks/offerText.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { designerMessagesJson } from '../designer/designerMessages.js';
import { mayUse } from '../navigation.js';
import { NEW_OUTGOING_LETTER_PATH } from '../outgoing/newOutgoingLetterPage.js';
import { renderPage } from '../views.js';
import { loadDocumentCard } from './documentCardQuery.js';

export function documentCardPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/documents/:id', async (req, res) => {
    const ctx = pageContext(req, deps);
    const card = await loadDocumentCard(ctx, req.params.id);
    // A registered incoming document or application is answered by a letter drafted in reply.
    const mayReply =
      ['incoming', 'application'].includes(card.register.kind) &&
      card.document.sequence !== 0 &&
      mayUse(ctx.actor, NEW_OUTGOING_LETTER_PATH);
    // Just registered by this person (the form's redirect): said once, with the next one offered.
    const justRegistered = req.session.justRegistered === card.document.id && card.document.sequence !== 0;
    if (req.session.justRegistered) delete req.session.justRegistered;
    const people = await peopleNames(
      ctx,
      card.processes.flatMap((p) => p.tasks.map((task) => task.assignee)),
    );
    const t = translator(requestLanguage(req));
    renderPage(
      req,
      res,
      'documentCard',
      {
        title: 'documentCard.title',
        card,
        mayReply,
        mayReopen: mayReopen(ctx.actor, card.document),
        justRegistered,
        designerMessages: designerMessagesJson(req),
        processes: await Promise.all(
          card.processes.map(async (p) => ({
            ...p,
            tasks: await Promise.all(
              p.tasks.map(async (task) => ({
                ...task,
                // People by name; an open task nobody holds, by whom it is offered to.
                who: task.assignee
                  ? people.nameOf(task.assignee)
                  : task.status === 'open'
                    ? describeOffer(await offerOf(ctx, task), t)
                    : '—',
                open: task.status === 'open',
              })),
            ),
          })),
        ),
        attachments: card.attachments.map((a) => ({
          ...a,
          href: `/documents/${card.document.id}/attachments/${a.id}`,
          // The browser's own PDF viewer shows it in place; nothing of ours runs on the file.
          preview: a.contentType === 'application/pdf',
        })),
      },
      { timeZone: deps.settings.timeZone },
    );
  });
  router.post('/documents/:id/reopen', async (req, res) => {
    const ctx = pageContext(req, deps);
    await reopenDocument(ctx, { documentId: req.params.id, reason: field(formFields(req), 'reason') });
    res.redirect(303, `/documents/${req.params.id}`);
  });
  return router;
}
