/**
 * Checks an uploaded template before it is stored: compiles it and prints the report's sample data
 * (once with every field filled, once with every optional field empty) to a PDF that is thrown away.
 * Returns every problem found, worded for the administrator; an empty list means it can be used.
 */
import { Writable } from 'node:stream';
import { renderPdf } from './pdf/renderPdf.js';
import type { PrintContext } from './reportData.js';
import type { ReportKind } from './reports/reportDefinition.js';
import { reportDefinition } from './reports/reportDefinitions.js';
import { TemplateError, type TemplateProblem } from './template/templateErrors.js';

const MAX_TEMPLATE_LENGTH = 200_000;

const sampleContext: PrintContext = {
  locale: 'lv',
  timeZone: 'Europe/Riga',
  institution: { name: 'Parauga pašvaldība', logoPath: null },
  generatedAt: new Date('2026-01-01T09:00:00Z'),
  generatedBy: 'Administrators',
};

const discard = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

export async function validateTemplate(kind: ReportKind, source: string): Promise<TemplateProblem[]> {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    return [{ line: null, message: `the template is longer than ${MAX_TEMPLATE_LENGTH} characters` }];
  }
  const definition = reportDefinition(kind);
  const problems: TemplateProblem[] = [];
  for (const sample of definition.samples()) {
    try {
      await renderPdf(definition, sample, source, sampleContext, discard());
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      for (const problem of error.templateProblems) {
        if (!problems.some((known) => known.line === problem.line && known.message === problem.message))
          problems.push(problem);
      }
    }
  }
  return problems;
}
