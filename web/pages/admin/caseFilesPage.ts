/**
 * `/admin/case-files`: the case-file nomenclature of a year; a form for a new case file; per case
 * file, its title and department changed, and closing (no more filing) or reopening.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { localDate } from '../../../engine/context.js';
import { listDepartments } from '../../../engine/directory/departments.js';
import type { Problem } from '../../../engine/errors.js';
import {
  createCaseFile,
  listCaseFiles,
  setCaseFileOpen,
  updateCaseFile,
} from '../../../engine/records/caseFiles.js';
import { RETENTION_CLASSES } from '../../../engine/store/recordPorts.js';
import { field, type FormFields, formFields, queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

async function showCaseFiles(
  req: Request,
  res: Response,
  deps: PageDeps,
  shown: { input?: FormFields; problems?: Problem[]; status?: number; rowId?: string } = {},
) {
  const ctx = pageContext(req, deps);
  const thisYear = Number(localDate(ctx.clock.now(), deps.settings.timeZone).slice(0, 4));
  const asked = Number(queryText(req, 'year'));
  const year = Number.isInteger(asked) && asked >= 1900 && asked <= 9999 ? asked : thisYear;
  const departments = await listDepartments(ctx);
  const code = new Map(departments.map((d) => [d.id, d.code]));
  const caseFiles = await listCaseFiles(ctx, { year });
  const input = shown.input ?? {};
  renderPage(
    req,
    res,
    'adminCaseFiles',
    {
      title: 'admin.caseFiles',
      year,
      caseFiles: caseFiles.map((c) => {
        const typed = shown.rowId === c.id;
        const departmentId = typed ? field(input, 'departmentId') : (c.departmentId ?? '');
        return {
          ...c,
          title: typed ? field(input, 'title') : c.title,
          department: c.departmentId ? code.get(c.departmentId) : '',
          departments: departments
            .filter((d) => d.active || d.id === departmentId)
            .map((d) => ({ id: d.id, code: d.code, selected: d.id === departmentId })),
          problems: typed ? adminProblems(req, shown.problems ?? []) : {},
          // The row's fields, which its problems describe.
          titleFieldId: `title-${c.id}`,
          departmentFieldId: `department-${c.id}`,
        };
      }),
      input: {
        indexCode: shown.rowId ? '' : field(input, 'indexCode'),
        title: field(input, 'title'),
        retentionYears: field(input, 'retentionYears'),
        year: field(input, 'year') || String(year),
      },
      departments: departments
        .filter((d) => d.active)
        .map((d) => ({ ...d, selected: d.id === field(input, 'departmentId') })),
      retentions: RETENTION_CLASSES.map((r) => ({
        code: r,
        selected: r === (field(input, 'retention') || 'permanent'),
      })),
      problems: shown.rowId ? {} : adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function caseFilesPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/case-files', (req, res) => showCaseFiles(req, res, deps));
  router.post('/admin/case-files', async (req, res) => {
    const fields = formFields(req);
    const years = field(fields, 'retentionYears').trim();
    await submitForm(
      async () => {
        const created = await createCaseFile(pageContext(req, deps), {
          indexCode: field(fields, 'indexCode'),
          title: field(fields, 'title'),
          departmentId: field(fields, 'departmentId') || null,
          retention: field(fields, 'retention'),
          retentionYears: years === '' ? null : Number(years),
          year: Number(field(fields, 'year')),
        });
        res.redirect(303, `/admin/case-files?year=${created.year}`);
      },
      (problems) => showCaseFiles(req, res, deps, { input: fields, problems, status: 400 }),
    );
  });
  router.post('/admin/case-files/:id', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        const changed = await updateCaseFile(pageContext(req, deps), {
          id: String(req.params.id),
          title: field(fields, 'title'),
          departmentId: field(fields, 'departmentId') || null,
        });
        res.redirect(303, `/admin/case-files?year=${changed.year}`);
      },
      (problems) =>
        showCaseFiles(req, res, deps, { input: fields, problems, status: 400, rowId: String(req.params.id) }),
    );
  });
  router.post('/admin/case-files/:id/open', async (req, res) => {
    const changed = await setCaseFileOpen(pageContext(req, deps), {
      id: String(req.params.id),
      open: field(formFields(req), 'open') === 'true',
    });
    res.redirect(303, `/admin/case-files?year=${changed.year}`);
  });
  return router;
}
