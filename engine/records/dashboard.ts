/**
 * The dashboard (issue 19): the figures of a period for heads, department heads and auditors, one
 * query use case per figure, each checking the policy (`dashboardScopeOf`) and counting in the
 * store over the documents the person may see (definitions in engine/store/dashboardPorts.ts, the
 * register's and the statistics report's). Working days are the institution's working calendar
 * (workingCalendar.ts): weekends and public holidays are not counted.
 */
import { localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Forbidden } from '../errors.js';
import type {
  DashboardAgeBuckets,
  DashboardCountsRow,
  DashboardMonth,
  DashboardPerson,
  DashboardProcessingDays,
  DashboardQuery,
} from '../store/dashboardPorts.js';
import { dashboardScopeOf } from '../policies/report.js';
import { viewerOf } from '../policies/document.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import { addDays, workingCalendar, type WorkingCalendar } from '../kernel/workingCalendar.js';

/** What the page or API asks for; empty means the default (this year, every department and register). */
export interface DashboardInput {
  from?: string;
  to?: string;
  department?: string;
  register?: string;
}

/** The period and filters as used, after defaults and the person's scope. */
export interface DashboardPeriod {
  from: string;
  to: string;
  today: string;
  departmentId: string | null;
  registerId: string | null;
  /** A department head's own department, which they cannot leave; null for the others. */
  fixedDepartmentId: string | null;
}

/** The days a period of registration spans: the later of its end and today, for working-day counts. */
function holidaysBetween(from: string, to: string, calendar: WorkingCalendar): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !calendar.isWorkingDay(day)) days.push(day);
  }
  return days;
}

/** Validates the input against the person's scope: the period and filters every figure counts. */
export function dashboardPeriod(ctx: UseCaseContext, input: DashboardInput): DashboardPeriod {
  const scope = dashboardScopeOf(ctx.actor);
  const today = localDate(ctx.clock.now(), settingsOf(ctx).timeZone);
  const problems = new Problems();
  const from = input.from ? problems.date('from', input.from) : `${today.slice(0, 4)}-01-01`;
  const to = input.to ? problems.date('to', input.to) : today;
  if (from && to && from > to) problems.add('to', 'is before the start date', 'problem.beforeFrom');
  const department = input.department?.trim() || null;
  const register = input.register?.trim() || null;
  if (department !== null && !isUuid(department)) problems.add('department', 'is not an id', 'problem.notId');
  if (register !== null && !isUuid(register)) problems.add('register', 'is not an id', 'problem.notId');
  problems.check('The dashboard cannot be shown for this period.', 'refusal.dashboardPeriod');
  if (!from || !to) throw new Error('unreachable: checked above');
  if (scope.departmentId !== null && department !== null && department !== scope.departmentId)
    throw new Forbidden(
      'A department head sees the dashboard of their own department only.',
      'refusal.dashboardDepartment',
    );
  return {
    from,
    to,
    today,
    departmentId: scope.departmentId ?? department,
    registerId: register,
    fixedDepartmentId: scope.departmentId,
  };
}

function queryOf(ctx: UseCaseContext, input: DashboardInput): DashboardQuery {
  const period = dashboardPeriod(ctx, input);
  const settings = settingsOf(ctx);
  const last = period.to > period.today ? period.to : period.today;
  return {
    from: period.from,
    to: period.to,
    today: period.today,
    viewer: viewerOf(ctx.actor),
    departmentId: period.departmentId,
    registerId: period.registerId,
    timeZone: settings.timeZone,
    holidays: holidaysBetween(period.from, last, workingCalendar(settings.holidayCountry)),
  };
}

/** Received, closed, closed on time, overdue now and open: in total, per department or per register. */
export function dashboardCounts(
  ctx: UseCaseContext,
  input: DashboardInput,
  by: 'all' | 'department' | 'register',
): Promise<DashboardCountsRow[]> {
  return ctx.store.dashboard.counts(queryOf(ctx, input), by);
}

/** Median and 90th percentile of the working days from registration to execution. */
export function dashboardProcessingDays(
  ctx: UseCaseContext,
  input: DashboardInput,
): Promise<DashboardProcessingDays> {
  return ctx.store.dashboard.processingDays(queryOf(ctx, input));
}

export const AGE_BUCKETS = ['upTo5', 'upTo10', 'upTo20', 'over20'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** The registration dates of a bucket's documents (within the period), or null when none can be. */
export type RegistrationRange = { from: string; to: string } | null;

/**
 * The earliest registration day whose age today (working days after it, up to today) is at most
 * `most` working days.
 */
function earliestWithAge(today: string, most: number, calendar: WorkingCalendar): string {
  let day = today;
  let age = 0;
  for (;;) {
    const older = age + (calendar.isWorkingDay(day) ? 1 : 0);
    if (older > most) return day;
    age = older;
    day = addDays(day, -1);
  }
}

/** The registration dates of each age bucket within the period: what the figures link to. */
export function ageBucketRanges(
  period: Pick<DashboardPeriod, 'from' | 'to' | 'today'>,
  calendar: WorkingCalendar,
): Record<AgeBucket, RegistrationRange> {
  const e5 = earliestWithAge(period.today, 5, calendar);
  const e10 = earliestWithAge(period.today, 10, calendar);
  const e20 = earliestWithAge(period.today, 20, calendar);
  const clip = (from: string | null, to: string): RegistrationRange => {
    const lo = from === null || from < period.from ? period.from : from;
    const hi = to > period.to ? period.to : to;
    return lo <= hi ? { from: lo, to: hi } : null;
  };
  return {
    upTo5: clip(e5, period.to > period.today ? period.to : period.today),
    upTo10: clip(e10, addDays(e5, -1)),
    upTo20: clip(e20, addDays(e10, -1)),
    over20: clip(null, addDays(e20, -1)),
  };
}

/** Open documents by working days since registration, and the registration dates of each bucket. */
export async function dashboardOpenByAge(
  ctx: UseCaseContext,
  input: DashboardInput,
): Promise<{ buckets: DashboardAgeBuckets; ranges: Record<AgeBucket, RegistrationRange> }> {
  const query = queryOf(ctx, input);
  const buckets = await ctx.store.dashboard.openByAge(query);
  return { buckets, ranges: ageBucketRanges(query, workingCalendar(settingsOf(ctx).holidayCountry)) };
}

/** Received, closed and overdue per month of registration. */
export function dashboardTrend(ctx: UseCaseContext, input: DashboardInput): Promise<DashboardMonth[]> {
  return ctx.store.dashboard.trend(queryOf(ctx, input));
}

/** The people with the most overdue documents routed to them. */
export function dashboardOverduePeople(
  ctx: UseCaseContext,
  input: DashboardInput,
  limit = 10,
): Promise<DashboardPerson[]> {
  return ctx.store.dashboard.overduePeople(queryOf(ctx, input), Math.max(1, Math.min(limit, 100)));
}

export interface Dashboard {
  period: DashboardPeriod;
  totals: DashboardCountsRow;
  departments: DashboardCountsRow[];
  registers: DashboardCountsRow[];
  processing: DashboardProcessingDays;
  age: DashboardAgeBuckets;
  ageRanges: Record<AgeBucket, RegistrationRange>;
  trend: DashboardMonth[];
  people: DashboardPerson[];
}

/** Every figure of the dashboard's view, the queries run side by side. */
export async function dashboard(ctx: UseCaseContext, input: DashboardInput): Promise<Dashboard> {
  const period = dashboardPeriod(ctx, input);
  const [totals, departments, registers, processing, age, trend, people] = await Promise.all([
    dashboardCounts(ctx, input, 'all'),
    dashboardCounts(ctx, input, 'department'),
    dashboardCounts(ctx, input, 'register'),
    dashboardProcessingDays(ctx, input),
    dashboardOpenByAge(ctx, input),
    dashboardTrend(ctx, input),
    dashboardOverduePeople(ctx, input),
  ]);
  const empty = {
    id: 'all',
    name: '',
    code: '',
    received: 0,
    closed: 0,
    closedOnTime: 0,
    overdue: 0,
    open: 0,
  };
  return {
    period,
    totals: totals[0] ?? empty,
    departments,
    registers,
    processing,
    age: age.buckets,
    ageRanges: age.ranges,
    trend,
    people,
  };
}

/** Closed on time as a whole percentage of closed; null when nothing was closed. */
export const onTimePercent = (row: { closed: number; closedOnTime: number }): number | null =>
  row.closed === 0 ? null : Math.round((row.closedOnTime / row.closed) * 100);
