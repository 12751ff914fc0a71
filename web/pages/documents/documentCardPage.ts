/**
 * `GET /documents/:id`: the document card; 404 for a document the user may not see.
 * `POST /documents/:id/reopen`: a registrar or a head reopens a closed document with a reason.
 * `POST /documents/:id/priority`: a registrar or a head marks the document urgent or normal.
 * `POST /documents/:id/case-file`: who may file (engine/records/caseFiles.ts) files the document into
 * a case file of its year, or takes it out (`caseFileId` empty).
 * `POST /documents/:id/tracking/revoke`: staff revoke the tracking link of an application made through
 * the e-services portal (engine/portal/tracking.ts).
 */
import { revokeTracking, trackingOfDocument } from '../../../engine/portal/tracking.js';
import { Router } from 'express';
import { offerOf, peopleNames } from '../../../engine/directory/peopleNames.js';
import { CLOSED_STATUS, mayReopen, mayPrioritise, mayFile } from '../../../engine/policies/document.js';
import { reopenDocument } from '../../../engine/records/closedDocument.js';
import { setDocumentPriority } from '../../../engine/records/documentPriority.js';
import { caseFilesToFileInto, fileDocument } from '../../../engine/records/caseFiles.js';
import { getDocument } from '../../../engine/records/documents.js';
import { Invalid } from '../../../engine/errors.js';
import { translateError } from '../../i18n/engineMessages.js';
import { translateProblems } from '../problemMessages.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { describeOffer } from '../tasks/offerText.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { designerMessagesJson } from '../designer/designerMessages.js';
import { mayUse } from '../navigation.js';
import { NEW_OUTGOING_LETTER_PATH } from '../outgoing/newOutgoingLetterPage.js';
import { renderPage } from '../views.js';
import { loadDocumentCard } from '../../../engine/records/documentCard.js';

export function documentCardPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/documents/:id', async (req, res) => {
    const ctx = pageContext(req, deps);
    const card = await loadDocumentCard(ctx, req.params.id, requestLanguage(req));
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
      card.processes.flatMap((p) => p.tasks.flatMap((task) => [task.assignee, task.completedBy])),
    );
    const t = translator(requestLanguage(req));
    // Filing: the active case files of the document's year, for who may file an open document.
    const filing = mayFile(ctx.actor, card.document)
      ? {
          caseFiles: (await caseFilesToFileInto(ctx, Number(card.document.registeredOn.slice(0, 4)))).map(
            (c) => ({
              id: c.id,
              label: `${c.indexCode} — ${c.title}`,
              selected: c.id === card.document.caseFileId,
            }),
          ),
        }
      : null;
    // Applied through the e-services portal: the applicant's tracking link, revocable by staff.
    const tracking = await trackingOfDocument(ctx, card.document.id);
    renderPage(
      req,
      res,
      'documentCard',
      {
        title: 'documentCard.title',
        card,
        tracking,
        mayReply,
        mayReopen: mayReopen(ctx.actor, card.document),
        mayPrioritise: card.document.status !== CLOSED_STATUS && mayPrioritise(ctx.actor, card.document),
        filing,
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
                // Who completed it, by name; a deputy "for" the person they stood in for.
                completedByText: task.completedFor
                  ? t('admin.actedFor', { ...task.completedFor })
                  : task.completedBy
                    ? people.nameOf(task.completedBy)
                    : null,
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
  router.post('/documents/:id/tracking/revoke', async (req, res) => {
    await revokeTracking(pageContext(req, deps), req.params.id);
    res.redirect(303, `/documents/${req.params.id}`);
  });
  router.post('/documents/:id/priority', async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const version = Number(field(fields, 'version'));
    await setDocumentPriority(ctx, {
      documentId: req.params.id,
      priority: field(fields, 'priority'),
      ...(Number.isInteger(version) && field(fields, 'version') !== '' ? { expectedVersion: version } : {}),
    });
    res.redirect(303, `/documents/${req.params.id}`);
  });
  router.post('/documents/:id/case-file', async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    // The card's version (a stale form is a 409); a form without one files the current version.
    const version = field(fields, 'version');
    const current = /^\d{1,9}$/.test(version)
      ? Number(version)
      : (await getDocument(ctx, req.params.id)).document.version;
    try {
      await fileDocument(ctx, {
        documentId: req.params.id,
        caseFileId: field(fields, 'action') === 'remove' ? null : field(fields, 'caseFileId') || null,
        expectedVersion: current,
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      // The refusal names the field: "Case file: the case file is of 2025, the document of 2026".
      const t = translator(requestLanguage(req));
      const named = translateProblems(error.problems, t).map(
        (p) => `${p.field === 'caseFileId' ? t('document.caseFile') : (p.field ?? '')}: ${p.message}`,
      );
      renderPage(
        req,
        res,
        'error',
        { title: 'error.invalid', message: [translateError(error, t), ...named].join(' ') },
        { status: 400 },
      );
      return;
    }
    res.redirect(303, `/documents/${req.params.id}`);
  });
  router.post('/documents/:id/reopen', async (req, res) => {
    const ctx = pageContext(req, deps);
    await reopenDocument(ctx, { documentId: req.params.id, reason: field(formFields(req), 'reason') });
    res.redirect(303, `/documents/${req.params.id}`);
  });
  return router;
}
