/**
 * `/admin/departments`: the departments with what refers to them; create, rename, deactivate,
 * reactivate, and delete one that nothing refers to.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import {
  departmentUsage,
  createDepartment,
  deleteDepartment,
  listDepartments,
  renameDepartment,
  setDepartmentActive,
} from '../../../engine/directory/departments.js';
import type { Problem } from '../../../engine/errors.js';
import { field, type FormFields, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

interface Shown {
  input?: FormFields;
  problems?: Problem[];
  /** The department whose row the problems belong to (rename, delete). */
  rowId?: string;
  status?: number;
}

async function showDepartments(req: Request, res: Response, deps: PageDeps, shown: Shown = {}) {
  const ctx = pageContext(req, deps);
  const departments = await listDepartments(ctx);
  const usage = await Promise.all(departments.map((d) => departmentUsage(ctx, d.id)));
  const problems = adminProblems(req, shown.problems ?? []);
  const input = shown.input ?? {};
  renderPage(
    req,
    res,
    'adminDepartments',
    {
      title: 'admin.departments',
      departments: departments.map((department, index) => ({
        ...department,
        usage: usage[index],
        deletable:
          (usage[index]?.users ?? 0) + (usage[index]?.documents ?? 0) + (usage[index]?.registers ?? 0) === 0,
        problems: shown.rowId === department.id ? problems : {},
        // The row's rename field, which its problems describe.
        nameFieldId: `name-${department.id}`,
        name: shown.rowId === department.id ? field(input, 'name') : department.name,
      })),
      input: shown.rowId
        ? {}
        : { code: field(input, 'code'), name: field(input, 'name'), parentId: field(input, 'parentId') },
      parents: departments
        .filter((d) => d.active)
        .map((d) => ({ ...d, selected: d.id === field(input, 'parentId') })),
      problems: shown.rowId ? {} : problems,
      hasProblems: (shown.problems ?? []).length > 0,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function departmentsPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/departments', (req, res) => showDepartments(req, res, deps));
  router.post('/admin/departments', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        await createDepartment(pageContext(req, deps), {
          code: field(fields, 'code'),
          name: field(fields, 'name'),
          parentId: field(fields, 'parentId') || null,
        });
        res.redirect(303, '/admin/departments');
      },
      (problems) => showDepartments(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  router.post('/admin/departments/:id/rename', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        await renameDepartment(pageContext(req, deps), { id: req.params.id, name: field(fields, 'name') });
        res.redirect(303, '/admin/departments');
      },
      (problems) =>
        showDepartments(req, res, deps, { input: fields, problems, rowId: req.params.id, status: 400 }),
    );
  });
  router.post('/admin/departments/:id/active', async (req, res) => {
    const active = field(formFields(req), 'active') === 'true';
    await setDepartmentActive(pageContext(req, deps), { id: req.params.id, active });
    res.redirect(303, '/admin/departments');
  });
  router.post('/admin/departments/:id/delete', async (req, res) => {
    await submitForm(
      async () => {
        await deleteDepartment(pageContext(req, deps), { id: req.params.id });
        res.redirect(303, '/admin/departments');
      },
      (problems) => showDepartments(req, res, deps, { problems, rowId: req.params.id, status: 400 }),
    );
  });
  return router;
}
