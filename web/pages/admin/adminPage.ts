/**
 * `GET /admin`: departments, users with their roles, and registers, for administrators;
 * `POST /admin/registers` creates a register through `createRegister` (the routing process chosen
 * from the deployed ones). The other administration pages are linked from here (adminPages.ts).
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { requireRole } from '../../../engine/policies/roles.js';
import { Conflict, Invalid, type Problem } from '../../../engine/errors.js';
import { listDepartments } from '../../../engine/directory/departments.js';
import { listUsers } from '../../../engine/directory/users.js';
import { createRegister, listRegisters } from '../../../engine/records/registers.js';
import { REGISTER_KINDS } from '../../../engine/store/ports.js';
import { field, fieldList, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems } from './adminForms.js';
import { numberPreview, PATTERN_TOKENS, processChoices } from './registersPage.js';

/**
 * The yearly-reset checkbox comes with a hidden `false` before it, so that an unticked box reads as
 * "no" and a form without the field (a script, an older page) keeps the default, yes.
 */
const yearlyResetOf = (fields: FormFields): boolean =>
  'yearlyReset' in fields ? fieldList(fields, 'yearlyReset').includes('true') : true;

const REGISTER_FIELDS = [
  'code',
  'name',
  'kind',
  'numberPattern',
  'departmentId',
  'processKey',
  'answerDeadlineRule',
];

async function showAdmin(
  req: Request,
  res: Response,
  deps: PageDeps,
  extra: { input?: FormFields; problems?: Problem[]; status?: number; nextNumber?: string | null } = {},
) {
  const ctx = pageContext(req, deps);
  requireRole(ctx.actor, ['admin'], 'manage the organisation');
  const [departments, users, registers] = await Promise.all([
    listDepartments(ctx),
    listUsers(ctx),
    listRegisters(ctx),
  ]);
  const departmentCode = new Map(departments.map((d) => [d.id, d.code]));
  const input = Object.fromEntries(REGISTER_FIELDS.map((name) => [name, field(extra.input ?? {}, name)]));
  renderPage(
    req,
    res,
    'admin',
    {
      title: 'admin.title',
      departments,
      users: users.map((u) => ({
        ...u,
        department: u.departmentId ? departmentCode.get(u.departmentId) : '',
      })),
      registers: registers.map((r) => ({
        ...r,
        department: r.departmentId ? departmentCode.get(r.departmentId) : '',
      })),
      input,
      // New registers restart their numbers each year unless the form says otherwise.
      yearlyReset: yearlyResetOf(extra.input ?? {}),
      patternTokens: PATTERN_TOKENS,
      nextNumber: extra.nextNumber ?? null,
      processes: await processChoices(req, deps, input.processKey ?? ''),
      kinds: REGISTER_KINDS.map((code) => ({ code, selected: code === input.kind })),
      departmentChoices: departments.map((d) => ({
        id: d.id,
        code: d.code,
        selected: d.id === input.departmentId,
      })),
      problems: adminProblems(req, extra.problems ?? []),
      hasProblems: (extra.problems ?? []).length > 0,
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function adminPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin', (req, res) => showAdmin(req, res, deps));
  router.post('/admin/registers', async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const optional = (name: string) => field(fields, name).trim() || null;
    if (field(fields, 'action') === 'preview') {
      const preview = await numberPreview(req, deps, {
        registerId: null,
        code: field(fields, 'code'),
        numberPattern: field(fields, 'numberPattern').trim(),
        departmentId: optional('departmentId'),
        yearlyReset: yearlyResetOf(fields),
      });
      const refused = preview.problems.length > 0;
      await showAdmin(req, res, deps, {
        input: fields,
        problems: preview.problems,
        nextNumber: preview.number,
        status: refused ? 400 : 200,
      });
      return;
    }
    try {
      await createRegister(ctx, {
        code: field(fields, 'code').trim(),
        name: field(fields, 'name'),
        kind: field(fields, 'kind'),
        numberPattern: field(fields, 'numberPattern').trim(),
        yearlyReset: yearlyResetOf(fields),
        departmentId: optional('departmentId'),
        processKey: optional('processKey'),
        answerDeadlineRule: optional('answerDeadlineRule'),
      });
    } catch (error) {
      // A taken code is the store's Conflict: shown next to the code, as a department's is.
      const problems =
        error instanceof Invalid
          ? error.problems
          : error instanceof Conflict
            ? [{ field: 'code', message: 'is taken' }]
            : null;
      if (!problems) throw error;
      await showAdmin(req, res, deps, {
        input: fields,
        problems,
        status: error instanceof Conflict ? 409 : 400,
      });
      return;
    }
    res.redirect(303, '/admin');
  });
  return router;
}
