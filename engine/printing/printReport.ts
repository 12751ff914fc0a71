/**
 * The printing engine's entry points: a report of a kind, printed from its data as PDF, CSV or XLSX
 * to a stream (an HTTP response, a file). The caller has authorized the user and loaded the data.
 */
import type { Writable } from 'node:stream';
import { Invalid } from '../errors.js';
import { renderPdf, type PdfResult } from './pdf/renderPdf.js';
import type { PrintContext } from './reportData.js';
import type { ReportKind } from './reports/reportDefinition.js';
import { reportDefinition, type ReportDataByKind } from './reports/reportDefinitions.js';
import { writeCsv, writeXlsx, type TabularResult } from './tabular/tabularWriters.js';
import type { TemplateSource } from './templateSource.js';
import { TemplateError } from './template/templateErrors.js';

/**
 * Prints `kind` as PDF. A template that fails is reported as a TemplateError (an `Invalid`) that says
 * whether the administrator's replacement or the shipped template is at fault.
 */
export async function printPdf<K extends ReportKind>(
  kind: K,
  data: ReportDataByKind[K],
  context: PrintContext,
  output: Writable,
  templates: TemplateSource,
): Promise<PdfResult> {
  const template = await templates.resolve(kind);
  try {
    return await renderPdf(reportDefinition(kind), data, template.source, context, output);
  } catch (error) {
    if (error instanceof TemplateError && template.origin === 'custom') {
      throw new TemplateError([
        {
          line: null,
          message: `the custom "${kind}" template fails; revert to the shipped one or correct it`,
        },
        ...error.templateProblems,
      ]);
    }
    throw error;
  }
}

export async function printTabular<K extends ReportKind>(
  kind: K,
  format: 'csv' | 'xlsx',
  data: ReportDataByKind[K],
  context: PrintContext,
  output: Writable,
): Promise<TabularResult> {
  const definition = reportDefinition(kind);
  if (!definition.tabular)
    throw new Invalid(`The ${kind} report has no ${format.toUpperCase()} form: it is not a table.`);
  return format === 'csv'
    ? writeCsv(definition.tabular, data, context, output)
    : writeXlsx(definition.tabular, data, context, output);
}
