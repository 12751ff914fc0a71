/**
 * `/admin/mailboxes`: the intake mailboxes an administrator configured (engine/intake/intakeAccounts.ts),
 * read besides the one of IMAP_URL; a form that adds one, and stopping or resuming the reading of
 * each. The password is asked for, stored and never shown again, not even after a refused form.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import type { Problem } from '../../../engine/errors.js';
import {
  addIntakeAccount,
  listIntakeAccounts,
  MAILBOX_SECURITY,
  setIntakeAccountActive,
} from '../../../engine/intake/intakeAccounts.js';
import { field, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

export const MAILBOXES_PATH = '/admin/mailboxes';
const TYPED = ['address', 'host', 'port', 'user', 'folder', 'moveTo'];

async function showMailboxes(
  req: Request,
  res: Response,
  deps: PageDeps,
  shown: { input?: FormFields; problems?: Problem[]; status?: number } = {},
) {
  const accounts = await listIntakeAccounts(pageContext(req, deps));
  const input = shown.input ?? {};
  const security = field(input, 'security') || 'imaps';
  renderPage(
    req,
    res,
    'adminMailboxes',
    {
      title: 'adminMailboxes.title',
      accounts: accounts.map((account) => ({
        ...account,
        security: account.secure ? 'imaps' : 'imap',
      })),
      hasAccounts: accounts.length > 0,
      input: Object.fromEntries(TYPED.map((name) => [name, field(input, name)])),
      securities: MAILBOX_SECURITY.map((code) => ({
        code,
        label: `adminMailboxes.security.${code}`,
        selected: code === security,
      })),
      problems: adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function mailboxesPage(deps: PageDeps): Router {
  const router = Router();
  router.get(MAILBOXES_PATH, (req, res) => showMailboxes(req, res, deps));
  router.post(MAILBOXES_PATH, async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        await addIntakeAccount(pageContext(req, deps), {
          address: field(fields, 'address'),
          host: field(fields, 'host'),
          port: field(fields, 'port'),
          security: field(fields, 'security'),
          user: field(fields, 'user'),
          password: field(fields, 'password'),
          folder: field(fields, 'folder'),
          moveTo: field(fields, 'moveTo'),
        });
        res.redirect(303, MAILBOXES_PATH);
      },
      (problems) => showMailboxes(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  for (const [change, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    router.post(`${MAILBOXES_PATH}/:id/${change}`, async (req, res) => {
      await setIntakeAccountActive(pageContext(req, deps), { id: String(req.params.id), active });
      res.redirect(303, MAILBOXES_PATH);
    });
  }
  return router;
}
