/**
 * `GET/POST /documents/:id/deadline`: the responsible executor or a head extends a citizen
 * application's answer deadline, once, with a new date and a reason (extendDeadline).
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { Conflict, Forbidden, Invalid, type Problem } from '../../../engine/errors.js';
import { deadlineExtensionReason, extendDeadline } from '../../../engine/records/applicationDeadline.js';
import { getDocument } from '../../../engine/records/documents.js';
import { translateError } from '../../i18n/engineMessages.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

const PATH = '/documents/:id/deadline';

async function showForm(
  req: Request,
  res: Response,
  deps: PageDeps,
  input: { newDueDate: string; reason: string },
  extra: { problems?: Problem[]; notice?: string; status?: number } = {},
) {
  const ctx = pageContext(req, deps);
  const { document } = await getDocument(ctx, String(req.params.id));
  const extendedBecause = await deadlineExtensionReason(ctx, document.id);
  renderPage(
    req,
    res,
    'outgoingDeadline',
    {
      title: 'application.extendTitle',
      document,
      extendedBecause,
      input,
      notice: extra.notice ?? null,
      problems: problemsByField(extra.problems ?? [], translator(requestLanguage(req))),
      hasProblems: (extra.problems ?? []).length > 0,
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function extendDeadlinePage(deps: PageDeps): Router {
  const router = Router();

  router.get(PATH, async (req, res) => {
    await showForm(req, res, deps, { newDueDate: '', reason: '' });
  });

  router.post(PATH, async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const input = { newDueDate: field(fields, 'newDueDate'), reason: field(fields, 'reason') };
    try {
      await extendDeadline(ctx, { documentId: String(req.params.id), ...input });
      res.redirect(303, `/documents/${String(req.params.id)}`);
    } catch (error) {
      if (error instanceof Invalid) {
        await showForm(req, res, deps, input, { problems: error.problems, status: 400 });
      } else if (error instanceof Conflict || error instanceof Forbidden) {
        await showForm(req, res, deps, input, {
          notice: translateError(error, translator(requestLanguage(req))),
          status: error instanceof Conflict ? 409 : 403,
        });
      } else {
        throw error;
      }
    }
  });

  return router;
}
