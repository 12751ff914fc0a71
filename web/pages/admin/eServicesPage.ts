/**
 * `/admin/e-services`: the citizen e-services (issue 17, part 1) — the list, and one form to create
 * or change an e-service: code, name and description per page language, the register (and so the
 * process), the public form as form-js JSON, files allowed, enabled. Through engine/portal only.
 * The view loads `/assets/eservices.js` (web/client/eservices/), form-js's visual editor, which
 * writes the schema into the `formSchema` text area; the server reads and validates that as before.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import type { Problem } from '../../../engine/errors.js';
import {
  type EServiceInput,
  getEService,
  listEServices,
  PORTAL_LANGUAGES,
  saveEService,
} from '../../../engine/portal/eServices.js';
import { listRegisters } from '../../../engine/records/registers.js';
import { field, type FormFields, formFields, queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

const formOf = (fields: FormFields): EServiceInput => ({
  code: field(fields, 'code'),
  names: Object.fromEntries(PORTAL_LANGUAGES.map((l) => [l, field(fields, `name_${l}`)])),
  descriptions: Object.fromEntries(PORTAL_LANGUAGES.map((l) => [l, field(fields, `description_${l}`)])),
  registerId: field(fields, 'registerId'),
  formSchema: field(fields, 'formSchema'),
  attachmentsAllowed: field(fields, 'attachmentsAllowed') !== '',
  enabled: field(fields, 'enabled') !== '',
});

async function showServices(
  req: Request,
  res: Response,
  deps: PageDeps,
  shown: { input?: EServiceInput; problems?: Problem[]; status?: number } = {},
) {
  const ctx = pageContext(req, deps);
  const services = await listEServices(ctx);
  const editId = queryText(req, 'edit');
  const editing = editId ? await getEService(ctx, editId) : null;
  const input: EServiceInput = shown.input ?? {
    code: editing?.code ?? '',
    names: editing?.names ?? {},
    descriptions: editing?.descriptions ?? {},
    registerId: editing?.registerId ?? '',
    formSchema: editing?.formSchema ? JSON.stringify(editing.formSchema, null, 2) : '',
    attachmentsAllowed: editing?.attachmentsAllowed ?? false,
    enabled: editing?.enabled ?? false,
  };
  const registers = (await listRegisters(ctx)).filter((r) => r.active);
  renderPage(
    req,
    res,
    'adminEServices',
    {
      title: 'adminEServices.title',
      services: services.map((s) => ({
        ...s,
        name: s.names.lv,
        register: registers.find((r) => r.id === s.registerId)?.code ?? '',
        state: s.enabled ? 'on' : 'off',
      })),
      editing,
      action: editing ? `/admin/e-services/${editing.id}` : '/admin/e-services',
      input,
      portalLanguages: PORTAL_LANGUAGES.map((language) => ({
        language,
        name: input.names[language] ?? '',
        description: input.descriptions[language] ?? '',
        nameField: `name_${language}`,
        descriptionField: `description_${language}`,
        problems: adminProblems(req, shown.problems ?? []),
      })),
      registers: registers.map((r) => ({ ...r, selected: r.id === input.registerId })),
      problems: adminProblems(req, shown.problems ?? []),
      hasProblems: (shown.problems ?? []).length > 0,
      saved: req.query.saved === '1',
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function eServicesPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/e-services', (req, res) => showServices(req, res, deps));
  const save = (id: string | null) => async (req: Request, res: Response) => {
    const input = formOf(formFields(req));
    await submitForm(
      async () => {
        await saveEService(pageContext(req, deps), { ...input, id });
        res.redirect(303, '/admin/e-services?saved=1');
      },
      (problems) => showServices(req, res, deps, { input, problems, status: 400 }),
    );
  };
  router.post('/admin/e-services', save(null));
  router.post('/admin/e-services/:id', (req, res) => save(String(req.params.id))(req, res));
  return router;
}
