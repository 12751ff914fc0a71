/**
 * What the dashboard (engine/records/dashboard.ts) reads from the store: one query per figure,
 * each over the same set of documents — registered (numbered) in the period, that the viewer may
 * see (the document access rule, records.md "Who sees a document"), optionally of one department (routed to
 * it or registered in one of its registers, as the register's department filter) and one register.
 * The definitions are the register's and the statistics report's, so that every figure equals the
 * count of the register list it links to:
 *
 * - received: every such document; closed: status `closed`;
 * - closed on time: closed on or before its due date (an extension moves the due date), or without one;
 *   the day of execution is the statistics report's (its process ended, else its last change);
 * - overdue now: due before today and neither closed nor cancelled (the register's `overdue`);
 * - open: not closed, for information, filed or cancelled (the statistics report's `open`).
 *
 * Working days skip weekends and the `holidays` given (the engine's working calendar).
 */
import type { IsoDate } from './reportPorts.js';
import type { DocumentViewer } from './recordPorts.js';

export interface DashboardQuery {
  from: IsoDate;
  to: IsoDate;
  /** The institution's today: ages and "overdue now" are counted to it. */
  today: IsoDate;
  viewer: DocumentViewer;
  departmentId: string | null;
  registerId: string | null;
  timeZone: string;
  /** Public holidays from `from` to the later of `to` and `today`: not working days. */
  holidays: IsoDate[];
}

export interface DashboardCounts {
  received: number;
  closed: number;
  closedOnTime: number;
  overdue: number;
  open: number;
}

/** One line of a breakdown: a department or register by id and name (`all` for the totals). */
export interface DashboardCountsRow extends DashboardCounts {
  id: string;
  name: string;
  /** A register's code, a department's code; empty for the totals. */
  code: string;
}

export interface DashboardProcessingDays {
  /** Closed documents measured. */
  closed: number;
  /** Working days from registration to execution; null when nothing was closed. */
  median: number | null;
  p90: number | null;
}

/** Open documents by working days since registration: 0–5, 6–10, 11–20, more than 20. */
export interface DashboardAgeBuckets {
  upTo5: number;
  upTo10: number;
  upTo20: number;
  over20: number;
}

export interface DashboardMonth {
  /** `YYYY-MM`, the month of registration. */
  month: string;
  received: number;
  closed: number;
  overdue: number;
}

export interface DashboardPerson {
  userId: string;
  displayName: string;
  /** Overdue documents (as "overdue now") routed to this person. */
  overdue: number;
}

export interface DashboardRepository {
  counts(query: DashboardQuery, by: 'all' | 'department' | 'register'): Promise<DashboardCountsRow[]>;
  processingDays(query: DashboardQuery): Promise<DashboardProcessingDays>;
  openByAge(query: DashboardQuery): Promise<DashboardAgeBuckets>;
  /** Every month of the period, empty months included, oldest first. */
  trend(query: DashboardQuery): Promise<DashboardMonth[]>;
  /** The people with the most overdue documents routed to them, most first, at most `limit`. */
  overduePeople(query: DashboardQuery, limit: number): Promise<DashboardPerson[]>;
}
