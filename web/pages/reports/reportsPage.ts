/**
 * `GET /reports`: the print page, a form per report the user may print. The journal (of a register,
 * or of one case file of it) is printed as a
 * job with progress (`POST /reports/jobs`, then `GET /reports/jobs/:id` — a page that refreshes
 * itself, or JSON `{status, rowsDone, rowsTotal}` for a script — and `GET /reports/jobs/:id/file`;
 * the job lives in the store, so any app server answers these, whichever prints it);
 * the control report and the statistics are quick and go straight to the API; a document card is
 * found by its registration number (`GET /reports/card?number=…`) and printed by the API.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { Forbidden, Invalid, type Problem } from '../../../engine/errors.js';
import { LOCALES, type PrintLocale } from '../../../engine/printing/labels.js';
import { PrintJobs, SERVER_STOPPED } from '../../../engine/printing/printJobs.js';
import { prepareJournal, printJournal } from '../../../engine/printing/useCases/printJournal.js';
import { institutionOf, type PrintFormat } from '../../../engine/printing/useCases/printRequest.js';
import { mayPrintJournal, printableReports } from '../../../engine/policies/report.js';
import { localDate, systemClock } from '../../../engine/context.js';
import { findDocumentByNumber } from '../../../engine/records/documents.js';
import { listRegisters } from '../../../engine/records/registers.js';
import { registerFilterChoices } from '../../../engine/records/registerFilters.js';
import { CONTENT_TYPES } from '../../api/reportsApi.js';
import { contentDisposition } from '../../api/support/contentDisposition.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, type FormFields, formFields, queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

const FORMATS: PrintFormat[] = ['pdf', 'csv', 'xlsx'];
const SWEEP_INTERVAL_MS = 60_000;

const isLocale = (value: string): value is PrintLocale => (LOCALES as readonly string[]).includes(value);

async function showReports(
  req: Request,
  res: Response,
  deps: PageDeps,
  extra: { input?: FormFields; problems?: Problem[]; status?: number } = {},
) {
  const ctx = pageContext(req, deps);
  const allowed = printableReports(ctx.actor);
  if (!allowed.journal && !allowed.control && !allowed.statistics)
    throw new Forbidden('You may not print reports.', 'refusal.notAllowed', { doing: 'print reports' });
  const today = localDate(ctx.clock.now(), deps.settings.timeZone);
  const monthStart = `${today.slice(0, 8)}01`;
  const input = extra.input ?? {};
  const value = (name: string, fallback: string) => field(input, name) || queryText(req, name) || fallback;
  const register = value('register', '');
  const lang = value('lang', requestLanguage(req));
  const registers = (await listRegisters(ctx)).filter((r) => mayPrintJournal(ctx.actor, r));
  const caseFile = value('caseFile', '');
  const { caseFiles } = await registerFilterChoices(ctx);
  renderPage(
    req,
    res,
    'reports',
    {
      title: 'reports.title',
      allowed,
      problems: problemsByField(extra.problems ?? [], translator(requestLanguage(req))),
      hasProblems: (extra.problems ?? []).length > 0,
      registers: registers.map((r) => ({
        code: r.code,
        name: r.name,
        selected: r.code === register || r.id === register,
      })),
      caseFiles: caseFiles.map((c) => ({
        id: c.id,
        label: `${c.year} · ${c.indexCode} — ${c.title}`,
        selected: c.id === caseFile,
      })),
      cardNumber: value('number', ''),
      from: value('from', monthStart),
      to: value('to', today),
      asOf: today,
      languages: LOCALES.map((code) => ({ code, selected: code === lang })),
      formats: FORMATS.map((code) => ({ code, selected: code === value('format', 'pdf') })),
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function reportsPage(deps: PageDeps): Router {
  const router = Router();
  // Jobs live in the store: any server answers for a job another server prints (print_jobs).
  const jobs = new PrintJobs(deps.store, systemClock);
  setInterval(() => {
    jobs.sweep().catch((error: unknown) => deps.logger.warn({ err: error }, 'print job sweep failed'));
  }, SWEEP_INTERVAL_MS).unref();

  router.get('/reports', (req, res) => showReports(req, res, deps));

  // The document card by its registration number, as a clerk has it on paper.
  router.get('/reports/card', async (req, res) => {
    const ctx = pageContext(req, deps);
    const number = queryText(req, 'number');
    const lang = queryText(req, 'lang');
    const document = await findDocumentByNumber(ctx, number);
    if (!document) {
      const t = translator(requestLanguage(req));
      await showReports(req, res, deps, {
        input: { number, lang },
        problems: [{ field: 'number', message: t('reports.cardNotFound', { number }) }],
        status: number.trim() === '' ? 400 : 404,
      });
      return;
    }
    const language = isLocale(lang) ? `?lang=${lang}` : '';
    res.redirect(303, `/api/documents/${document.id}/card.pdf${language}`);
  });

  router.post('/reports/jobs', async (req, res) => {
    const ctx = pageContext(req, deps);
    const input = formFields(req);
    const format = FORMATS.find((f) => f === field(input, 'format')) ?? 'pdf';
    const lang = field(input, 'lang');
    const locale = isLocale(lang) ? lang : requestLanguage(req);
    let prepared;
    try {
      prepared = await prepareJournal(ctx, {
        register: field(input, 'register'),
        from: field(input, 'from'),
        to: field(input, 'to'),
        caseFile: field(input, 'caseFile') || null,
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showReports(req, res, deps, { input, problems: error.problems, status: 400 });
      return;
    }
    const journal = prepared;
    const job = await jobs.start(ctx.actor.id ?? '', {
      fileName: `journal-${journal.register.code}${journal.caseFile ? `-${journal.caseFile.indexCode}` : ''}-${journal.query.from}-${journal.query.to}.${format}`,
      contentType: CONTENT_TYPES[format],
      rowsTotal: await journal.total(),
      print: (output, onProgress) =>
        printJournal(ctx, journal, {
          format,
          locale,
          output,
          institution: institutionOf(ctx),
          onProgress,
        }),
    });
    res.redirect(303, `/reports/jobs/${job.id}`);
  });

  router.get('/reports/jobs/:id', async (req, res) => {
    const ctx = pageContext(req, deps);
    const job = await jobs.get(ctx.actor.id ?? '', req.params.id);
    if (req.accepts(['html', 'json']) === 'json') {
      res.set('Cache-Control', 'no-store');
      res.json({ status: job.status, rowsDone: job.rowsDone, rowsTotal: job.rowsTotal });
      return;
    }
    renderPage(
      req,
      res,
      'reportsJob',
      {
        title: 'reports.job.title',
        job: {
          ...job,
          // A job's failure is stored as written; the one the server writes itself is said in the page's language.
          error:
            job.error === SERVER_STOPPED
              ? translator(requestLanguage(req))('reports.job.serverStopped')
              : job.error,
        },
        running: job.status === 'running',
        done: job.status === 'done',
        failed: job.status === 'failed',
      },
      { timeZone: deps.settings.timeZone },
    );
  });

  router.get('/reports/jobs/:id/file', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { job, content } = await jobs.open(ctx.actor.id ?? '', req.params.id);
    res.set('Content-Type', job.contentType);
    res.set('Content-Disposition', contentDisposition(job.fileName));
    res.set('Cache-Control', 'no-store');
    content.on('error', () => res.destroy());
    content.pipe(res);
  });

  return router;
}
