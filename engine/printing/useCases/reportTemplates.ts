/**
 * Administrators replace a report's template and revert to the shipped one. A replacement is
 * printed with the report's sample data first and refused with every problem (and its line) if
 * that fails; stored and reverted templates are audited.
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { Invalid, NotFound } from '../../errors.js';
import { requireAdmin } from '../../policies/admin.js';
import type { Store } from '../../store/ports.js';
import { isReportKind, REPORT_KINDS, type ReportKind } from '../reports/reportDefinition.js';
import { createTemplateSource, type TemplateSource } from '../templateSource.js';
import { describeProblem } from '../template/templateErrors.js';
import { validateTemplate } from '../validateTemplate.js';

export interface ReportTemplateView {
  report: ReportKind;
  origin: 'shipped' | 'custom';
  source: string;
  /** Who stored the replacement and when; null for the shipped template. */
  updatedByName: string | null;
  updatedAt: Date | null;
}

/** The templates to print with: the stored replacement of a report if there is one, else the shipped file. */
export function storedTemplateSource(store: Store): TemplateSource {
  return createTemplateSource(async (kind) => (await store.reportTemplates.get(kind))?.source ?? null);
}

function reportKind(report: string): ReportKind {
  if (!isReportKind(report))
    throw new NotFound(`No such report: ${report}. Reports: ${REPORT_KINDS.join(', ')}.`);
  return report;
}

export async function listReportTemplates(ctx: UseCaseContext): Promise<ReportTemplateView[]> {
  requireAdmin(ctx.actor, 'see report templates');
  const stored = new Map((await ctx.store.reportTemplates.list()).map((entry) => [entry.report, entry]));
  const shipped = createTemplateSource();
  return Promise.all(
    REPORT_KINDS.map(async (report): Promise<ReportTemplateView> => {
      const custom = stored.get(report);
      return custom
        ? {
            report,
            origin: 'custom',
            source: custom.source,
            updatedByName: custom.updatedByName,
            updatedAt: custom.updatedAt,
          }
        : {
            report,
            origin: 'shipped',
            source: await shipped.shipped(report),
            updatedByName: null,
            updatedAt: null,
          };
    }),
  );
}

export async function getReportTemplate(ctx: UseCaseContext, report: string): Promise<ReportTemplateView> {
  const kind = reportKind(report);
  const all = await listReportTemplates(ctx);
  const found = all.find((entry) => entry.report === kind);
  if (!found) throw new NotFound(`No such report: ${report}.`);
  return found;
}

/** Stores a replacement after printing the sample data with it; Invalid with every problem otherwise. */
export async function putReportTemplate(
  ctx: UseCaseContext,
  report: string,
  source: string,
): Promise<ReportTemplateView> {
  requireAdmin(ctx.actor, 'replace report templates');
  const kind = reportKind(report);
  if (typeof source !== 'string' || source.trim() === '')
    throw new Invalid('The template is empty.', [
      { field: 'source', message: 'is required', code: 'problem.required' },
    ]);
  const problems = await validateTemplate(kind, source);
  if (problems.length > 0) {
    throw new Invalid(
      `The ${kind} template cannot be used: ${problems.map(describeProblem).join('; ')}`,
      problems.map((problem) => ({ field: 'source', message: describeProblem(problem) })),
    );
  }
  const now = ctx.clock.now();
  const stored = await ctx.store.transaction(async (tx) => {
    const saved = await tx.reportTemplates.put({
      report: kind,
      source,
      updatedBy: ctx.actor.id,
      updatedByName: ctx.actor.displayName,
      updatedAt: now,
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'report_template.stored',
      objectType: 'report_template',
      objectId: kind,
      details: { length: source.length },
    });
    return saved;
  });
  return {
    report: kind,
    origin: 'custom',
    source: stored.source,
    updatedByName: stored.updatedByName,
    updatedAt: stored.updatedAt,
  };
}

/** Deletes the replacement: the shipped template prints again. Reverting a shipped one changes nothing. */
export async function revertReportTemplate(ctx: UseCaseContext, report: string): Promise<ReportTemplateView> {
  requireAdmin(ctx.actor, 'revert report templates');
  const kind = reportKind(report);
  await ctx.store.transaction(async (tx) => {
    if (await tx.reportTemplates.delete(kind)) {
      await tx.audit.append({
        ...auditActor(ctx.actor),
        occurredAt: ctx.clock.now(),
        action: 'report_template.reverted',
        objectType: 'report_template',
        objectId: kind,
        details: {},
      });
    }
  });
  return getReportTemplate(ctx, kind);
}
