/** Prints a report's data in the requested format: PDF from the template, CSV / XLSX from its columns. */
import type { UseCaseContext } from '../../context.js';
import { printPdf, printTabular } from '../printReport.js';
import type { ReportKind } from '../reports/reportDefinition.js';
import type { ReportDataByKind } from '../reports/reportDefinitions.js';
import { printContextOf, type PrintRequest, type PrintResult } from './printRequest.js';
import { storedTemplateSource } from './reportTemplates.js';

export async function printAs<K extends ReportKind>(
  ctx: UseCaseContext,
  kind: K,
  data: ReportDataByKind[K],
  request: PrintRequest,
): Promise<PrintResult> {
  const context = printContextOf(ctx, request);
  if (request.format === 'pdf') {
    const templates = request.templates ?? storedTemplateSource(ctx.store);
    const { pages, rows } = await printPdf(kind, data, context, request.output, templates);
    return { pages, rows };
  }
  const { rows } = await printTabular(kind, request.format, data, context, request.output);
  return { pages: null, rows };
}
