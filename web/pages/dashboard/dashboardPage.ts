/**
 * `GET /dashboard`: the figures of a period for heads, department heads and auditors (issue 19) —
 * received, closed, closed on time, overdue now, processing days, open work by age, a trend per
 * month and the people with the most overdue work, in total, per department and per register.
 * Every figure links to the register list behind it (`/documents` with the same filters); the
 * tables are the page, the charts (web/client/dashboard) draw the same figures over them.
 * `GET /dashboard.csv` and `/dashboard.xlsx` export the figures; the statistics PDF is linked.
 */
import type { Request, Response } from 'express';
import { INTL_LOCALES } from '../../../engine/i18n/languages.js';
import { Router } from 'express';
import {
  AGE_BUCKETS,
  dashboard,
  type Dashboard,
  type DashboardInput,
  onTimePercent,
} from '../../../engine/records/dashboard.js';
import { registerFilterChoices } from '../../../engine/records/registerFilters.js';
import { listRegisters } from '../../../engine/records/registers.js';
import { printableReports } from '../../../engine/policies/report.js';
import {
  writeFigureCsv,
  writeFigureXlsx,
  type FigureTable,
} from '../../../engine/printing/tabular/figureTable.js';
import type { DashboardCountsRow } from '../../../engine/store/dashboardPorts.js';
import { contentDisposition } from '../../api/support/contentDisposition.js';
import { CONTENT_TYPES } from '../../api/reportsApi.js';
import { requestLanguage, translator, type MessageId, type Translate } from '../../i18n/translate.js';
import { queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';

const AGE_LABELS: Record<(typeof AGE_BUCKETS)[number], MessageId> = {
  upTo5: 'dashboard.age.upTo5',
  upTo10: 'dashboard.age.upTo10',
  upTo20: 'dashboard.age.upTo20',
  over20: 'dashboard.age.over20',
};

/** Decimal separators in the CSV: the page language's. */
const NUMBER_LOCALES = INTL_LOCALES;

const inputOf = (req: Request): DashboardInput => ({
  from: queryText(req, 'from'),
  to: queryText(req, 'to'),
  department: queryText(req, 'department'),
  register: queryText(req, 'register'),
});

/** The register list of these filters (empty values left out). */
function listLink(filters: Record<string, string | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  return `/documents?${query.toString()}`;
}

/** The links of one line of counts: the line's department or register narrows the figures' filters. */
function countLinks(figures: Dashboard, row: DashboardCountsRow, by: 'all' | 'department' | 'register') {
  const base = {
    from: figures.period.from,
    to: figures.period.to,
    department: by === 'department' ? row.id : figures.period.departmentId,
    register: by === 'register' ? row.id : figures.period.registerId,
  };
  return {
    received: listLink(base),
    closed: listLink({ ...base, status: 'closed' }),
    overdue: listLink({ ...base, overdue: '1' }),
    open: listLink({ ...base, open: '1' }),
  };
}

function countRow(figures: Dashboard, row: DashboardCountsRow, by: 'all' | 'department' | 'register') {
  const percent = onTimePercent(row);
  return {
    name: by === 'register' ? `${row.code} — ${row.name}` : row.name,
    received: row.received,
    closed: row.closed,
    closedOnTime: row.closedOnTime,
    onTimePercent: percent === null ? '—' : `${percent} %`,
    overdue: row.overdue,
    open: row.open,
    links: countLinks(figures, row, by),
  };
}

/** The view's figures: tables, their links, and the charts' data. */
function viewOf(figures: Dashboard, t: Translate) {
  const period = figures.period;
  const scope = {
    from: period.from,
    to: period.to,
    department: period.departmentId,
    register: period.registerId,
  };
  const totals = countRow(figures, figures.totals, 'all');
  const departments = figures.departments.map((row) => countRow(figures, row, 'department'));
  const registers = figures.registers.map((row) => countRow(figures, row, 'register'));
  const age = AGE_BUCKETS.map((bucket) => {
    const range = figures.ageRanges[bucket];
    return {
      label: t(AGE_LABELS[bucket]),
      count: figures.age[bucket],
      href: range ? listLink({ ...scope, from: range.from, to: range.to, open: '1' }) : null,
    };
  });
  const trend = figures.trend.map((month) => {
    const [year, number] = month.month.split('-').map(Number) as [number, number];
    const start = `${month.month}-01`;
    const end = new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10);
    const within = {
      ...scope,
      from: start < period.from ? period.from : start,
      to: end > period.to ? period.to : end,
    };
    return {
      month: month.month,
      received: month.received,
      closed: month.closed,
      overdue: month.overdue,
      links: {
        received: listLink(within),
        closed: listLink({ ...within, status: 'closed' }),
        overdue: listLink({ ...within, overdue: '1' }),
      },
    };
  });
  const people = figures.people.map((person) => ({
    name: person.displayName,
    overdue: person.overdue,
    href: listLink({ ...scope, executor: person.userId, overdue: '1' }),
  }));
  const breakdown = departments.length > 0 ? departments : registers;
  const charts = {
    departments: {
      kind: 'bar',
      title: t(departments.length > 0 ? 'dashboard.byDepartment' : 'dashboard.byRegister'),
      labels: breakdown.map((row) => row.name),
      series: (['received', 'closed', 'overdue'] as const).map((figure) => ({
        label: t(`dashboard.${figure}`),
        values: breakdown.map((row) => row[figure]),
        links: breakdown.map((row) => row.links[figure]),
      })),
    },
    trend: {
      kind: 'line',
      title: t('dashboard.trend'),
      labels: trend.map((month) => month.month),
      series: (['received', 'closed', 'overdue'] as const).map((figure) => ({
        label: t(`dashboard.${figure}`),
        values: trend.map((month) => month[figure]),
        links: trend.map((month) => month.links[figure]),
      })),
    },
    age: {
      kind: 'stacked',
      title: t('dashboard.age'),
      labels: [t('dashboard.openNow')],
      series: age.map((bucket) => ({ label: bucket.label, values: [bucket.count], links: [bucket.href] })),
    },
  };
  return {
    totals,
    totalsLinks: totals.links,
    processing: figures.processing,
    breakdowns: [
      { caption: t('dashboard.byDepartment'), firstColumn: t('dashboard.department'), rows: departments },
      { caption: t('dashboard.byRegister'), firstColumn: t('dashboard.register'), rows: registers },
    ].filter((breakdown) => breakdown.rows.length > 0),
    age,
    trend,
    people,
    charts: {
      departments: JSON.stringify(charts.departments),
      trend: JSON.stringify(charts.trend),
      age: JSON.stringify(charts.age),
    },
  };
}

/** The same figures as one table: section, line, figure, value. */
function figureTable(figures: Dashboard, t: Translate): FigureTable {
  const rows: FigureTable['rows'] = [];
  const counts = (section: string, row: DashboardCountsRow, name: string) => {
    rows.push([section, name, t('dashboard.received'), row.received]);
    rows.push([section, name, t('dashboard.closed'), row.closed]);
    rows.push([section, name, t('dashboard.closedOnTime'), row.closedOnTime]);
    rows.push([section, name, t('dashboard.onTimePercent'), onTimePercent(row)]);
    rows.push([section, name, t('dashboard.overdue'), row.overdue]);
    rows.push([section, name, t('dashboard.open'), row.open]);
  };
  const total = t('dashboard.total');
  counts(total, figures.totals, total);
  rows.push([total, total, t('dashboard.median'), figures.processing.median]);
  rows.push([total, total, t('dashboard.p90'), figures.processing.p90]);
  for (const row of figures.departments) counts(t('dashboard.byDepartment'), row, row.name);
  for (const row of figures.registers) counts(t('dashboard.byRegister'), row, `${row.code} — ${row.name}`);
  for (const bucket of AGE_BUCKETS)
    rows.push([t('dashboard.age'), t(AGE_LABELS[bucket]), t('dashboard.open'), figures.age[bucket]]);
  for (const month of figures.trend) {
    rows.push([t('dashboard.trend'), month.month, t('dashboard.received'), month.received]);
    rows.push([t('dashboard.trend'), month.month, t('dashboard.closed'), month.closed]);
    rows.push([t('dashboard.trend'), month.month, t('dashboard.overdue'), month.overdue]);
  }
  for (const person of figures.people)
    rows.push([t('dashboard.people'), person.displayName, t('dashboard.overdue'), person.overdue]);
  return {
    title: t('dashboard.title'),
    headers: [t('dashboard.section'), t('dashboard.line'), t('dashboard.figure'), t('dashboard.value')],
    rows,
    widths: [28, 36, 28, 10],
  };
}

async function showDashboard(req: Request, res: Response, deps: PageDeps): Promise<void> {
  const ctx = pageContext(req, deps);
  const t = translator(requestLanguage(req));
  const figures = await dashboard(ctx, inputOf(req));
  const period = figures.period;
  const [choices, registers] = await Promise.all([registerFilterChoices(ctx), listRegisters(ctx)]);
  const fixed = choices.departments.find((d) => d.id === period.fixedDepartmentId);
  const exportQuery = new URLSearchParams({ from: period.from, to: period.to });
  if (period.departmentId && !period.fixedDepartmentId) exportQuery.set('department', period.departmentId);
  if (period.registerId) exportQuery.set('register', period.registerId);
  renderPage(
    req,
    res,
    'dashboard',
    {
      title: 'dashboard.title',
      period,
      fixedDepartment: fixed ? `${fixed.code} — ${fixed.name}` : null,
      departmentChoices: choices.departments.map((d) => ({
        id: d.id,
        label: `${d.code} — ${d.name}`,
        selected: d.id === period.departmentId,
      })),
      registerChoices: registers.map((r) => ({
        id: r.id,
        label: `${r.code} — ${r.name}`,
        selected: r.id === period.registerId,
      })),
      ...viewOf(figures, t),
      csvHref: `/dashboard.csv?${exportQuery.toString()}`,
      xlsxHref: `/dashboard.xlsx?${exportQuery.toString()}`,
      statisticsHref: printableReports(ctx.actor).statistics
        ? `/api/reports/statistics.pdf?${new URLSearchParams({ from: period.from, to: period.to }).toString()}`
        : null,
    },
    { timeZone: deps.settings.timeZone },
  );
}

export function dashboardPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/dashboard', (req, res) => showDashboard(req, res, deps));
  router.get(/^\/dashboard\.(csv|xlsx)$/, async (req, res) => {
    const ctx = pageContext(req, deps);
    const language = requestLanguage(req);
    const figures = await dashboard(ctx, inputOf(req));
    const table = figureTable(figures, translator(language));
    const format = req.path.endsWith('.xlsx') ? 'xlsx' : 'csv';
    res.set({
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': contentDisposition(
        `dashboard-${figures.period.from}-${figures.period.to}.${format}`,
      ),
      'Cache-Control': 'no-store',
    });
    if (format === 'csv') await writeFigureCsv(table, NUMBER_LOCALES[language], res);
    else await writeFigureXlsx(table, { creator: ctx.actor.displayName, created: ctx.clock.now() }, res);
  });
  return router;
}
