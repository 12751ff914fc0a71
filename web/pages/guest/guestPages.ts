/**
 * The guest's pages (issue 18), under `/guest` with their own layout: the invited document's summary
 * and files, the task, and the guest's answer. Everything is read through the guest use cases
 * (engine/guests/guestAccess.ts), which check the invitation on every request: a revoked or expired
 * one ends the guest's session and says why. A guest never reaches a staff page: those ask for
 * `userId`, which a guest session does not have.
 */
import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import { systemClock } from '../../../engine/context.js';
import { Conflict, Forbidden, Invalid, NotFound, type Problem } from '../../../engine/errors.js';
import {
  answerAsGuest,
  type GuestContext,
  guestView,
  openGuestAttachment,
} from '../../../engine/guests/guestAccess.js';
import { invitationEndText } from '../../../engine/guests/guestInvitations.js';
import { MAX_COMMENT_LENGTH } from '../../../engine/records/taskComments.js';
import { guestDocumentPath, sessionGuest } from '../../auth/guestSession.js';
import { translateError } from '../../i18n/engineMessages.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, formFields } from '../formBody.js';
import type { PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';
import { contentDisposition } from '../../api/support/contentDisposition.js';
import { sendVerified } from '../../api/support/verifiedDownload.js';

const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain']);

const guestContext = (deps: PageDeps): GuestContext => ({
  store: deps.store,
  clock: systemClock,
  logger: deps.logger,
  settings: deps.settings,
});

/** The invitation of the guest's session; none: the page that says to use the mail's link. */
function requireGuest(req: Request, res: Response, next: NextFunction): void {
  if (sessionGuest(req)) return next();
  res.status(401);
  renderPage(
    req,
    res,
    'guestMessage',
    { title: 'guest.homeTitle', message: translator(requestLanguage(req))('guest.useYourLink') },
    { status: 401, layout: 'guest' },
  );
}

const endSession = (req: Request) =>
  new Promise<void>((resolve) => {
    if (!req.session) resolve();
    else req.session.destroy(() => resolve());
  });

interface AnswerForm {
  decision: string;
  body: string;
  problems: Problem[];
}

async function showDocument(
  req: Request,
  res: Response,
  deps: PageDeps,
  form: AnswerForm | null = null,
  status = 200,
): Promise<void> {
  const invitationId = sessionGuest(req) ?? '';
  const documentId = String(req.params.documentId ?? '');
  const language = requestLanguage(req);
  const view = await guestView(guestContext(deps), { invitationId, documentId, language });
  const t = translator(language);
  const problems = form?.problems ?? [];
  res.set('Cache-Control', 'no-store');
  renderPage(
    req,
    res,
    'guestDocument',
    {
      title: 'guest.title',
      guestName: view.invitation.guestName,
      view,
      expiresText: invitationEndText(view.invitation.expiresAt, deps.settings.timeZone),
      files: view.attachments.map((a) => ({
        ...a,
        href: `${guestDocumentPath(documentId)}/attachments/${a.id}`,
      })),
      answered: req.query.answered === '1',
      mayAnswer: view.task.open && !view.document.closed,
      endorse: view.invitation.purpose === 'endorse',
      agreeChecked: form?.decision === 'agree',
      disagreeChecked: form?.decision === 'disagree',
      body: form?.body ?? '',
      bodyHint: view.invitation.purpose === 'endorse' ? 'body-hint' : '',
      maxLength: MAX_COMMENT_LENGTH,
      fieldProblems: problemsByField(problems, t),
      hasProblems: problems.length > 0,
    },
    { status, timeZone: deps.settings.timeZone, layout: 'guest' },
  );
}

/** Refusals of the guest's pages, in the guest's layout; a refused invitation ends the session. */
async function guestErrors(error: unknown, req: Request, res: Response, next: NextFunction): Promise<void> {
  if (res.headersSent) return next(error);
  const t = translator(requestLanguage(req));
  if (error instanceof Forbidden) {
    await endSession(req);
    renderPage(
      req,
      res,
      'guestMessage',
      { title: 'guest.refusedTitle', refusal: translateError(error, t) },
      { status: 403, layout: 'guest' },
    );
    return;
  }
  if (error instanceof NotFound || error instanceof Conflict) {
    renderPage(
      req,
      res,
      'guestMessage',
      { title: 'guest.homeTitle', refusal: translateError(error, t), guestName: '' },
      { status: error instanceof NotFound ? 404 : 409, layout: 'guest' },
    );
    return;
  }
  next(error);
}

export function guestPages(deps: PageDeps): Router {
  const router = Router();

  router.get('/guest', (req, res) => {
    const t = translator(requestLanguage(req));
    renderPage(
      req,
      res,
      'guestMessage',
      {
        title: 'guest.homeTitle',
        message: t(req.query.out === '1' ? 'guest.signedOut' : 'guest.useYourLink'),
      },
      { layout: 'guest' },
    );
  });

  router.post('/guest/sign-out', async (req, res) => {
    await endSession(req);
    res.redirect(303, '/guest?out=1');
  });

  router.get('/guest/documents/:documentId', requireGuest, (req, res) => showDocument(req, res, deps));

  router.post('/guest/documents/:documentId/answer', requireGuest, async (req, res) => {
    const fields = formFields(req);
    const form = { decision: field(fields, 'decision'), body: field(fields, 'body') };
    const documentId = String(req.params.documentId);
    try {
      await answerAsGuest(guestContext(deps), {
        invitationId: sessionGuest(req) ?? '',
        documentId,
        ...(form.decision ? { decision: form.decision } : {}),
        body: form.body,
      });
    } catch (error) {
      if (error instanceof Invalid) {
        await showDocument(req, res, deps, { ...form, problems: error.problems }, 400);
        return;
      }
      throw error;
    }
    res.redirect(303, `${guestDocumentPath(documentId)}?answered=1`);
  });

  router.get('/guest/documents/:documentId/attachments/:attachmentId', requireGuest, async (req, res) => {
    const { attachment, content } = await openGuestAttachment(guestContext(deps), {
      invitationId: sessionGuest(req) ?? '',
      documentId: String(req.params.documentId),
      attachmentId: String(req.params.attachmentId),
    });
    const disposition = INLINE_TYPES.has(attachment.contentType) ? 'inline' : 'attachment';
    res.set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.fileName, disposition),
      // A stored file is never rendered as a page of this site, whatever it contains.
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    });
    // As staff downloads: a damaged file never arrives complete (the last chunk waits for the hash).
    await sendVerified(req, res, content);
  });

  router.use('/guest', guestErrors);
  return router;
}
