/**
 * `GET /admin/templates`: the report templates in use, each with a form to replace it (checked by
 * printing sample data; refused with every problem and its line) and to revert to the shipped one.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { Invalid, type Problem } from '../../../engine/errors.js';
import {
  listReportTemplates,
  putReportTemplate,
  revertReportTemplate,
} from '../../../engine/printing/useCases/reportTemplates.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';

interface Outcome {
  report: string;
  notice?: 'saved' | 'reverted';
  problems?: Problem[];
  source?: string;
}

async function showTemplates(req: Request, res: Response, deps: PageDeps, outcome: Outcome | null = null) {
  const ctx = pageContext(req, deps);
  const templates = await listReportTemplates(ctx);
  renderPage(
    req,
    res,
    'adminTemplates',
    {
      title: 'reports.templates.title',
      templates: templates.map((template) => {
        const mine = outcome?.report === template.report ? outcome : null;
        return {
          ...template,
          custom: template.origin === 'custom',
          source: mine?.source ?? template.source,
          saved: mine?.notice === 'saved',
          reverted: mine?.notice === 'reverted',
          problems: (mine?.problems ?? []).map((problem) => problem.message),
        };
      }),
    },
    { status: outcome?.problems ? 400 : 200, timeZone: deps.settings.timeZone },
  );
}

export function adminTemplatesPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/templates', (req, res) => showTemplates(req, res, deps));
  router.post('/admin/templates/:report', async (req, res) => {
    const ctx = pageContext(req, deps);
    const source = field(formFields(req), 'source');
    const report = req.params.report ?? '';
    try {
      await putReportTemplate(ctx, report, source);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showTemplates(req, res, deps, { report, problems: error.problems, source });
      return;
    }
    await showTemplates(req, res, deps, { report, notice: 'saved' });
  });
  router.post('/admin/templates/:report/revert', async (req, res) => {
    const ctx = pageContext(req, deps);
    const report = req.params.report ?? '';
    await revertReportTemplate(ctx, report);
    await showTemplates(req, res, deps, { report, notice: 'reverted' });
  });
  return router;
}
