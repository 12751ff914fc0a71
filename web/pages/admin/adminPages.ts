/** The administration pages beyond the overview, and "my substitutions" for everyone. */
import { Router } from 'express';
import type { PageDeps } from '../pageDeps.js';
import { caseFilesPage } from './caseFilesPage.js';
import { departmentsPage } from './departmentsPage.js';
import { eServicesPage } from './eServicesPage.js';
import { mailboxesPage } from './mailboxesPage.js';
import { registersPage } from './registersPage.js';
import { substitutionsPage } from './substitutionsPage.js';
import { tokensPage } from './tokensPage.js';
import { unreachableTasksPage } from './unreachableTasksPage.js';
import { usersPage } from './usersPage.js';

export function adminPages(deps: PageDeps): Router {
  const router = Router();
  router.use(departmentsPage(deps));
  router.use(usersPage(deps));
  router.use(substitutionsPage(deps));
  router.use(registersPage(deps));
  router.use(caseFilesPage(deps));
  router.use(tokensPage(deps));
  router.use(unreachableTasksPage(deps));
  router.use(eServicesPage(deps));
  router.use(mailboxesPage(deps));
  return router;
}
