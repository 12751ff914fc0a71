/**
 * The server-rendered pages: the stylesheet, the language switch, and — behind login — inbox,
 * register, document card, task page, control, audit log and administration. Mounted after the auth routes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { systemClock } from '../../engine/context.js';
import { chooseLanguage } from '../../engine/directory/chooseLanguage.js';
import { requirePageUser } from '../auth/requireUser.js';
import { LANGUAGES } from '../i18n/translate.js';
import { assetRoutes } from '../assets/assetRoutes.js';
import { adminPage } from './admin/adminPage.js';
import { adminPages } from './admin/adminPages.js';
import { auditPage } from './audit/auditPage.js';
import { controlPage } from './control/controlPage.js';
import { designerPages } from './designer/designerPages.js';
import { attachmentDownload } from './documents/attachmentDownload.js';
import { documentCardPage } from './documents/documentCardPage.js';
import { documentListPage } from './documents/documentListPage.js';
import { newDocumentPage } from './documents/newDocumentPage.js';
import { intakePage } from './intake/intakePage.js';
import { archivePage } from './archive/archivePage.js';
import { extendDeadlinePage } from './outgoing/extendDeadlinePage.js';
import { newOutgoingLetterPage } from './outgoing/newOutgoingLetterPage.js';
import { newOrderPage } from './orders/newOrderPage.js';
import { inboxPage } from './inbox/inboxPage.js';
import { controlBadge } from './inbox/controlBadge.js';
import { notificationBadge } from './inbox/notificationBadge.js';
import type { PageDeps } from './pageDeps.js';
import { pageErrorHandler, renderNotFound } from './pageErrors.js';
import { delegatePage } from './tasks/delegatePage.js';
import { taskPage } from './tasks/taskPage.js';
import { guestInvitationRoutes } from './tasks/guestInvitationsPanel.js';
import { reportsPage } from './reports/reportsPage.js';
import { dashboardPage } from './dashboard/dashboardPage.js';
import { adminTemplatesPage } from './admin/templatesPage.js';

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Only a path of this site: `//evil.example` or `https://…` would make the switch an open redirect. */
const localPath = (value: unknown): string =>
  typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.includes('\\')
    ? value
    : '/';

export function pageRoutes(deps: PageDeps): Router {
  const router = Router();
  router.use('/static', express.static(PUBLIC, { maxAge: '1d', index: false }));
  router.use(assetRoutes());
  // Browsers ask for it on every site, whatever the page links: public, like /static.
  router.get('/favicon.ico', (_req, res) => {
    res.sendFile(path.join(PUBLIC, 'favicon.ico'), {
      maxAge: '7d',
      headers: { 'Content-Type': 'image/x-icon' },
    });
  });

  // A visitor's switch is a link: it only sets this browser's cookie.
  router.get('/language/:lang', (req, res) => {
    const lang = req.params.lang;
    if ((LANGUAGES as readonly string[]).includes(lang)) {
      res.cookie('lang', lang, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: false });
    }
    res.redirect(303, localPath(req.query.back));
  });
  // A logged-in person's switch is a form (CSRF-checked): their choice is also kept with them, for mails.
  router.post('/language/:lang', requirePageUser(deps.store), async (req, res) => {
    const lang = String(req.params.lang ?? '');
    const back: unknown = (req.body as { back?: unknown } | undefined)?.back;
    if ((LANGUAGES as readonly string[]).includes(lang)) {
      res.cookie('lang', lang, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: false });
      const { store, logger, settings } = deps;
      if (req.actor)
        await chooseLanguage({ store, logger, settings, clock: systemClock, actor: req.actor }, lang);
    }
    res.redirect(303, localPath(back));
  });

  const pages = Router();
  pages.use(requirePageUser(deps.store, { timeZone: deps.settings.timeZone }));
  pages.use(notificationBadge(deps));
  pages.use(controlBadge(deps));
  pages.use(inboxPage(deps));
  pages.use(newDocumentPage(deps));
  pages.use(intakePage(deps));
  pages.use(newOutgoingLetterPage(deps));
  pages.use(newOrderPage(deps));
  pages.use(extendDeadlinePage(deps));
  pages.use(documentListPage(deps));
  pages.use(attachmentDownload(deps));
  pages.use(documentCardPage(deps));
  pages.use(delegatePage(deps));
  pages.use(taskPage(deps));
  pages.use(guestInvitationRoutes(deps));
  pages.use(controlPage(deps));
  pages.use(auditPage(deps));
  pages.use(reportsPage(deps));
  pages.use(dashboardPage(deps));
  pages.use(archivePage(deps));
  pages.use(adminTemplatesPage(deps));
  pages.use(adminPage(deps));
  pages.use(adminPages(deps));
  pages.use(designerPages(deps));
  pages.use(renderNotFound);
  pages.use(pageErrorHandler);
  router.use(pages);
  return router;
}
