/**
 * `/admin/registers/:id`: change a register through `updateRegister` — name, number pattern,
 * routing process (chosen from the deployed ones), answer deadline rule, active. The use case's
 * problems are shown next to the fields. Creating is on the overview page (adminPage.ts).
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import type { Problem } from '../../../engine/errors.js';
import { NotFound } from '../../../engine/errors.js';
import { listRegisters, updateRegister } from '../../../engine/records/registers.js';
import { listProcesses } from '../../../engine/workflow/deployment/listProcesses.js';
import { localProcessNames } from '../../../engine/workflow/deployment/localNames.js';
import { requestLanguage } from '../../i18n/translate.js';
import { requireAdmin } from '../../../engine/records/policy.js';
import { field, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

/** The deployed processes as choices, the current key kept even when it is not deployed (any more). */
export async function processChoices(req: Request, deps: PageDeps, current: string) {
  const ctx = pageContext(req, deps);
  const processes = await listProcesses(ctx);
  // In the page's language where the diagram names the process in it.
  const names = await localProcessNames(
    ctx,
    requestLanguage(req),
    processes.map((p) => p.key),
  );
  const keys = processes.map((p) => ({ key: p.key, name: names.get(p.key) ?? p.name ?? p.key }));
  if (current && !keys.some((p) => p.key === current)) keys.push({ key: current, name: current });
  return keys.map((p) => ({ ...p, selected: p.key === current }));
}

async function showRegister(
  req: Request,
  res: Response,
  deps: PageDeps,
  shown: { input?: FormFields; problems?: Problem[]; status?: number } = {},
) {
  const ctx = pageContext(req, deps);
  requireAdmin(ctx.actor, 'change registers');
  const register = (await listRegisters(ctx)).find((r) => r.id === req.params.id);
  if (!register) throw new NotFound('No such register.');
  const input = shown.input;
  const value = (name: string, stored: string | null) => (input ? field(input, name) : (stored ?? ''));
  renderPage(
    req,
    res,
    'adminRegister',
    {
      title: 'admin.editRegister',
      register,
      input: {
        name: value('name', register.name),
        numberPattern: value('numberPattern', register.numberPattern),
        answerDeadlineRule: value('answerDeadlineRule', register.answerDeadlineRule),
        active: input ? field(input, 'active') === 'true' : register.active,
      },
      processes: await processChoices(req, deps, value('processKey', register.processKey)),
      problems: adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function registersPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/registers/:id', (req, res) => showRegister(req, res, deps));
  router.post('/admin/registers/:id', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        await updateRegister(pageContext(req, deps), {
          id: String(req.params.id),
          name: field(fields, 'name'),
          numberPattern: field(fields, 'numberPattern').trim(),
          processKey: field(fields, 'processKey').trim() || null,
          answerDeadlineRule: field(fields, 'answerDeadlineRule').trim() || null,
          active: field(fields, 'active') === 'true',
        });
        res.redirect(303, '/admin');
      },
      (problems) => showRegister(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  return router;
}
