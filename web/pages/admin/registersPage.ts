/**
 * `/admin/registers/:id`: change a register through `updateRegister` — name, number pattern,
 * owning department, yearly reset (the count carried over), routing process (chosen from the deployed ones), answer deadline rule, active.
 * The use case's problems are shown next to the fields. "Preview" (`action=preview`) saves nothing:
 * it shows the form again with the next number as the engine would give it (`previewNextNumber`).
 * Creating is on the overview page (adminPage.ts), with the same hints and preview.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { Invalid, type Problem, NotFound } from '../../../engine/errors.js';
import { listDepartments } from '../../../engine/directory/departments.js';
import { listRegisters, previewNextNumber, updateRegister } from '../../../engine/records/registers.js';
import { listProcesses } from '../../../engine/workflow/deployment/listProcesses.js';
import { localProcessNames } from '../../../engine/workflow/deployment/localNames.js';
import { requestLanguage } from '../../i18n/translate.js';
import { requireAdmin } from '../../../engine/policies/admin.js';
import { field, fieldList, type FormFields, formFields } from '../formBody.js';
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

/** The number pattern's tokens with their hints (`admin.hint.*`), shown next to the pattern field. */
export const PATTERN_TOKENS = [
  { token: '{seq}', hint: 'admin.hint.seq' },
  { token: '{seq:4}', hint: 'admin.hint.seqWidth' },
  { token: '{yyyy}', hint: 'admin.hint.yyyy' },
  { token: '{yy}', hint: 'admin.hint.yy' },
  { token: '{register}', hint: 'admin.hint.register' },
  { token: '{dept}', hint: 'admin.hint.dept' },
] as const;

/**
 * The next number for what the form holds, or the pattern's problems (shown next to the fields) when
 * it cannot give one.
 */
export async function numberPreview(
  req: Request,
  deps: PageDeps,
  form: {
    registerId: string | null;
    code: string;
    numberPattern: string;
    departmentId: string | null;
    yearlyReset?: boolean;
  },
): Promise<{ number: string | null; problems: Problem[] }> {
  try {
    const preview = await previewNextNumber(pageContext(req, deps), form);
    return { number: preview.number, problems: [] };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { number: null, problems: error.problems };
  }
}

async function showRegister(
  req: Request,
  res: Response,
  deps: PageDeps,
  shown: { input?: FormFields; problems?: Problem[]; status?: number; previewed?: boolean } = {},
) {
  const ctx = pageContext(req, deps);
  requireAdmin(ctx.actor, 'change registers');
  const register = (await listRegisters(ctx)).find((r) => r.id === req.params.id);
  if (!register) throw new NotFound('No such register.', 'refusal.noSuchRegister');
  const input = shown.input;
  const value = (name: string, stored: string | null) => (input ? field(input, name) : (stored ?? ''));
  const departmentId = value('departmentId', register.departmentId);
  // The hidden `false` before the checkbox: an unticked box reads as "no", a form without it keeps it.
  const yearlyReset =
    input && 'yearlyReset' in input ? fieldList(input, 'yearlyReset').includes('true') : register.yearlyReset;
  const departments = await listDepartments(ctx);
  // A refused form keeps its problems; otherwise the preview of what the form holds.
  const preview =
    (shown.problems ?? []).length > 0
      ? { number: null, problems: [] }
      : await numberPreview(req, deps, {
          registerId: register.id,
          code: register.code,
          numberPattern: value('numberPattern', register.numberPattern).trim(),
          departmentId: departmentId || null,
          yearlyReset,
        });
  const problems = [...(shown.problems ?? []), ...preview.problems];
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
        yearlyReset,
      },
      departmentChoices: departments
        .filter((d) => d.active || d.id === departmentId)
        .map((d) => ({ id: d.id, code: d.code, name: d.name, selected: d.id === departmentId })),
      processes: await processChoices(req, deps, value('processKey', register.processKey)),
      patternTokens: PATTERN_TOKENS,
      nextNumber: preview.number,
      previewed: shown.previewed ?? false,
      problems: adminProblems(req, problems),
      hasProblems: problems.length > 0,
    },
    { status: shown.status ?? (problems.length > 0 ? 400 : 200), timeZone: deps.settings.timeZone },
  );
}

export function registersPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/registers/:id', (req, res) => showRegister(req, res, deps));
  router.post('/admin/registers/:id', async (req, res) => {
    const fields = formFields(req);
    if (field(fields, 'action') === 'preview') {
      await showRegister(req, res, deps, { input: fields, previewed: true });
      return;
    }
    await submitForm(
      async () => {
        await updateRegister(pageContext(req, deps), {
          id: String(req.params.id),
          name: field(fields, 'name'),
          numberPattern: field(fields, 'numberPattern').trim(),
          processKey: field(fields, 'processKey').trim() || null,
          answerDeadlineRule: field(fields, 'answerDeadlineRule').trim() || null,
          // A form without the field (an older page, a script) leaves the department as it is.
          ...('departmentId' in fields ? { departmentId: field(fields, 'departmentId').trim() || null } : {}),
          active: field(fields, 'active') === 'true',
          // A form without the field leaves the numbering as it is.
          ...('yearlyReset' in fields
            ? { yearlyReset: fieldList(fields, 'yearlyReset').includes('true') }
            : {}),
        });
        res.redirect(303, '/admin');
      },
      (problems) => showRegister(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  return router;
}
