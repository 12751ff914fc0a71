/**
 * Report templates for administrators: read the one in use, replace it (checked by printing the
 * sample data first), revert to the shipped one. Replacing is `POST` with `{ "source": "…" }`.
 */
import { z } from 'zod';
import {
  getReportTemplate,
  listReportTemplates,
  putReportTemplate,
  revertReportTemplate,
  type ReportTemplateView,
} from '../../engine/printing/useCases/reportTemplates.js';
import { REPORT_KINDS } from '../../engine/printing/reports/reportDefinition.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { ErrorBody } from './support/schemas.js';

const ReportParams = z.object({ report: z.enum(REPORT_KINDS).describe('The report.') });

const TemplateBody = z.object({
  report: z.enum(REPORT_KINDS),
  origin: z.enum(['shipped', 'custom']).describe('`custom`: an administrator replaced the shipped template.'),
  source: z.string().describe('The Handlebars template (see docs/templates.md).'),
  updatedByName: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const present = (view: ReportTemplateView) => ({ ...view, updatedAt: view.updatedAt?.toISOString() ?? null });

export function reportTemplateRoutes(api: ApiRoutes): void {
  const errors = {
    403: { description: 'Only administrators manage templates.', schema: ErrorBody },
    404: { description: 'No such report.', schema: ErrorBody },
  };
  api.add(
    {
      method: 'get',
      path: '/api/report-templates',
      summary: 'Every report template in use',
      tag: 'reports',
      responses: { 200: { description: 'One per report.', schema: z.array(TemplateBody) }, ...errors },
    },
    async ({ ctx, res }) => {
      res.json((await listReportTemplates(ctx)).map(present));
    },
  );
  api.add(
    {
      method: 'get',
      path: '/api/report-templates/:report',
      summary: 'The template a report prints with',
      tag: 'reports',
      params: ReportParams,
      responses: { 200: { description: 'The template.', schema: TemplateBody }, ...errors },
    },
    async ({ ctx, params, res }) => {
      res.json(present(await getReportTemplate(ctx, params.report)));
    },
  );
  api.add(
    {
      method: 'post',
      path: '/api/report-templates/:report',
      summary: "Replace a report's template (checked by printing sample data first)",
      tag: 'reports',
      params: ReportParams,
      body: z.strictObject({ source: z.string().max(200_000) }),
      responses: {
        200: { description: 'Stored.', schema: TemplateBody },
        400: { description: 'The template fails: every problem with its line.', schema: ErrorBody },
        ...errors,
      },
    },
    async ({ ctx, params, body, res }) => {
      res.json(present(await putReportTemplate(ctx, params.report, body.source)));
    },
  );
  api.add(
    {
      method: 'delete',
      path: '/api/report-templates/:report',
      summary: 'Revert a report to the shipped template',
      tag: 'reports',
      params: ReportParams,
      responses: {
        200: { description: 'The shipped template, now in use.', schema: TemplateBody },
        ...errors,
      },
    },
    async ({ ctx, params, res }) => {
      res.json(present(await revertReportTemplate(ctx, params.report)));
    },
  );
}
