/**
 * Printed reports: the journal, the control report and the statistics as PDF, CSV or XLSX; a
 * document's card and an order's sheet as PDF. Each is printed straight into the response (the first
 * bytes held back, see HeldOutput), in the language of `?lang=` or else of the request.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { UseCaseContext } from '../../engine/context.js';
import { HeldOutput } from '../../engine/printing/heldOutput.js';
import { chosenLanguage } from '../../engine/directory/chooseLanguage.js';
import { LOCALES, type PrintLocale } from '../../engine/printing/labels.js';
import { printControlReport } from '../../engine/printing/useCases/printControlReport.js';
import { printDocumentCard, printOrderSheet } from '../../engine/printing/useCases/printDocumentCard.js';
import { printJournal } from '../../engine/printing/useCases/printJournal.js';
import {
  institutionOf,
  type PrintFormat,
  type PrintRequest,
  type PrintResult,
} from '../../engine/printing/useCases/printRequest.js';
import { printStatistics } from '../../engine/printing/useCases/printStatistics.js';
import { getDocument } from '../../engine/records/documents.js';
import { en } from '../i18n/en.js';
import { type Language, LANGUAGES, requestLanguage, statedLanguage, translator } from '../i18n/translate.js';
import type { ApiRoutes, ResponseDoc } from './support/apiRoute.js';
import { contentDisposition } from './support/contentDisposition.js';
import { CalendarDay, ErrorBody, FROM_AFTER_TO, fromNotAfterTo, IdParams } from './support/schemas.js';

export const CONTENT_TYPES: Record<PrintFormat, string> = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const Lang = z
  .enum(LOCALES)
  .optional()
  .describe(
    "The report's language; default: the request's (`lang` cookie, Accept-Language), else the one the user chose, else Latvian.",
  );
const day = (description: string) => CalendarDay.describe(`${description}, YYYY-MM-DD.`);

export const JournalQuery = z
  .object({
    register: z.string().min(1).max(100).describe('Register code (e.g. `IEN`) or id.'),
    from: day('First day'),
    to: day('Last day'),
    caseFile: z
      .string()
      .max(100)
      .optional()
      .describe('Only the documents filed into this case file (its id), named in the heading.'),
    lang: Lang,
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
const ControlQuery = z.object({
  asOf: day('As of the end of this day; default today').optional(),
  lang: Lang,
});
const PeriodQuery = z
  .object({ from: day('First day'), to: day('Last day'), lang: Lang })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
const LangQuery = z.object({ lang: Lang });

/**
 * The reader's language: `?lang=`, else the language of the page or browser, else the one the
 * person chose in the language switch (a script with an API token names none), else the
 * institution's default.
 */
export async function printLocaleOf(
  ctx: UseCaseContext,
  req: Request,
  lang: PrintLocale | undefined,
): Promise<PrintLocale> {
  if (lang) return lang;
  const stated = statedLanguage(req);
  if (stated) return stated;
  const chosen = await chosenLanguage(ctx);
  return (LOCALES as readonly string[]).includes(chosen ?? '')
    ? (chosen as PrintLocale)
    : requestLanguage(req);
}

/**
 * The pages' words for a printed history (`timeline.<code>`, `priority.<value>`), so that the card
 * PDF reads as the card page; English for a print language the pages do not speak yet.
 */
function pagePhrases(locale: PrintLocale): (key: string) => string | undefined {
  const t = translator((LANGUAGES as readonly string[]).includes(locale) ? (locale as Language) : 'en');
  return (key) => (key in en ? t(key as keyof typeof en) : undefined);
}

/**
 * Prints into the response. Errors before the first byte is sent reach the error handler (a clear
 * 400/403/404); after it, the response is aborted.
 */
async function sendReport(
  ctx: UseCaseContext,
  req: Request,
  res: Response,
  options: { format: PrintFormat; fileName: string; lang?: PrintLocale | undefined },
  print: (request: PrintRequest) => Promise<PrintResult>,
): Promise<void> {
  const output = new HeldOutput(res, () => {
    res.status(200);
    res.set('Content-Type', CONTENT_TYPES[options.format]);
    res.set('Content-Disposition', contentDisposition(options.fileName));
    res.set('Cache-Control', 'no-store');
  });
  // A client that goes away stops the printing (renderPdf sees the destroyed output).
  res.on('close', () => {
    if (!res.writableFinished && !output.destroyed) output.destroy();
  });
  try {
    const locale = await printLocaleOf(ctx, req, options.lang);
    await print({
      format: options.format,
      locale,
      output,
      institution: institutionOf(ctx),
      phrase: pagePhrases(locale),
    });
  } catch (error) {
    if (!output.hasCommitted) throw error;
    req.log?.warn({ err: error }, 'report failed after its first bytes were sent');
    res.destroy();
  }
}

const fileResponse = (format: PrintFormat): Record<number, ResponseDoc> => ({
  200: {
    description: `The report as ${format.toUpperCase()}, with \`Content-Disposition\`.`,
    content: { [CONTENT_TYPES[format].split(';')[0]!]: { schema: { type: 'string', format: 'binary' } } },
  },
  400: { description: 'Bad parameters, or a stored template that fails: every problem.', schema: ErrorBody },
  403: { description: 'The report is not for this user.', schema: ErrorBody },
});

const TABULAR: PrintFormat[] = ['pdf', 'csv', 'xlsx'];

/** One printed report of the API: where it is, what it takes, its file name, and how it is printed. */
interface ReportRoute<P extends z.ZodType, Q extends z.ZodType<{ lang?: PrintLocale | undefined }>> {
  path: string;
  summary: string;
  formats: readonly PrintFormat[];
  params?: P;
  query: Q;
  /** The answers besides the file; 400 and 403 are every report's. */
  responses?: Record<number, ResponseDoc>;
  fileName: (
    ctx: UseCaseContext,
    input: { params: z.output<P>; query: z.output<Q>; format: PrintFormat },
  ) => string | Promise<string>;
  print: (
    ctx: UseCaseContext,
    input: { params: z.output<P>; query: z.output<Q> },
    request: PrintRequest,
  ) => Promise<PrintResult>;
}

/** Mounts a report once per format (`<path>.pdf`, `.csv`, `.xlsx`), each printed into its response. */
function addReport<
  P extends z.ZodType = z.ZodType<Record<string, never>>,
  Q extends z.ZodType<{ lang?: PrintLocale | undefined }> = typeof LangQuery,
>(api: ApiRoutes, route: ReportRoute<P, Q>): void {
  for (const format of route.formats) {
    api.add<P, Q>(
      {
        method: 'get',
        path: `${route.path}.${format}`,
        summary: `${route.summary} (${format.toUpperCase()})`,
        tag: 'reports',
        params: route.params,
        query: route.query,
        responses: { ...fileResponse(format), ...route.responses },
      },
      async ({ ctx, params, query, req, res }) => {
        const fileName = await route.fileName(ctx, { params, query, format });
        await sendReport(ctx, req, res, { format, lang: query.lang, fileName }, (request) =>
          route.print(ctx, { params, query }, request),
        );
      },
    );
  }
}

const DOCUMENT_NOT_SEEN = {
  404: { description: 'No such document, or not one this user may see.', schema: ErrorBody },
};

/** A document's PDF is named by its registration number: the document is read, its access checked, first. */
const registrationNumberOf = async (ctx: UseCaseContext, documentId: string): Promise<string> =>
  (await getDocument(ctx, documentId)).document.registrationNumber;

export function reportRoutes(api: ApiRoutes): void {
  addReport(api, {
    path: '/api/reports/journal',
    summary: 'Registration journal of a register for a period, or of one case file of it',
    formats: TABULAR,
    query: JournalQuery,
    fileName: (_ctx, { query, format }) => `journal-${query.register}-${query.from}-${query.to}.${format}`,
    print: (ctx, { query }, request) => printJournal(ctx, query, request),
  });
  addReport(api, {
    path: '/api/reports/control',
    summary: 'Control report: open and overdue tasks as of a date',
    formats: TABULAR,
    query: ControlQuery,
    fileName: (_ctx, { query, format }) => `control-${query.asOf ?? 'today'}.${format}`,
    print: (ctx, { query }, request) => printControlReport(ctx, { asOf: query.asOf ?? null }, request),
  });
  addReport(api, {
    path: '/api/reports/statistics',
    summary: 'Execution statistics per department for a period',
    formats: TABULAR,
    query: PeriodQuery,
    fileName: (_ctx, { query, format }) => `statistics-${query.from}-${query.to}.${format}`,
    print: (ctx, { query }, request) => printStatistics(ctx, query, request),
  });
  addReport(api, {
    path: '/api/documents/:id/card',
    summary: "A document's card: metadata, resolution, tasks, history",
    formats: ['pdf'],
    params: IdParams,
    query: LangQuery,
    responses: DOCUMENT_NOT_SEEN,
    fileName: async (ctx, { params }) => `${await registrationNumberOf(ctx, params.id)} card.pdf`,
    print: (ctx, { params }, request) => printDocumentCard(ctx, params.id, request),
  });
  addReport(api, {
    path: '/api/documents/:id/order-sheet',
    summary: 'The order sheet of an order, with its signature block',
    formats: ['pdf'],
    params: IdParams,
    query: LangQuery,
    responses: DOCUMENT_NOT_SEEN,
    fileName: async (ctx, { params }) => `${await registrationNumberOf(ctx, params.id)}.pdf`,
    print: (ctx, { params }, request) => printOrderSheet(ctx, params.id, request),
  });
}
