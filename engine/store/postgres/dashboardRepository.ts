/**
 * The dashboard's figures in SQL (see dashboardPorts.ts for the definitions). Every query starts
 * from the same `base` set; working days come from `cal`, a calendar of the period that numbers
 * each day by the working days up to it, so that the working days between two dates are the
 * difference of their numbers (weekends and the given holidays skipped).
 */
import type { Queryable, SqlParam } from '../db.js';
import type {
  DashboardAgeBuckets,
  DashboardCountsRow,
  DashboardMonth,
  DashboardPerson,
  DashboardProcessingDays,
  DashboardQuery,
  DashboardRepository,
} from '../dashboardPorts.js';
import { visibleToViewer } from './documentVisibility.js';
import { executedOn } from './reportRepository.js';

const params = (query: DashboardQuery): SqlParam[] => [
  query.viewer.userId,
  query.viewer.departmentId,
  query.viewer.seesAllUnrestricted,
  query.viewer.actingForIds ?? [],
  query.from,
  query.to,
  query.today,
  query.departmentId,
  query.registerId,
  query.timeZone,
];

/** With the holidays as $11, for the queries that count working days (`cal`). */
const withHolidays = (query: DashboardQuery): SqlParam[] => [...params(query), query.holidays];

/** The documents every figure counts, with the flags of the definitions. */
const BASE = `base AS (
    SELECT d.id, d.register_id, d.registered_on, d.due_date, d.status,
           d.status = 'closed' AS closed,
           (d.due_date < $7::date AND d.status NOT IN ('closed', 'cancelled')) AS overdue,
           d.status NOT IN ('closed', 'for_information', 'filed', 'cancelled') AS open,
           ${executedOn('$10')} AS executed_on
      FROM documents d
      LEFT JOIN LATERAL (
        SELECT p.ended_at FROM process_instances p
         WHERE d.status = 'closed' AND p.business_key = d.id::text
         ORDER BY p.started_at DESC, p.id LIMIT 1
      ) pi ON true
     WHERE d.sequence IS NOT NULL AND d.registered_on BETWEEN $5::date AND $6::date
       AND ($9::uuid IS NULL OR d.register_id = $9::uuid)
       AND ($8::uuid IS NULL
            OR EXISTS (SELECT 1 FROM document_access a WHERE a.document_id = d.id AND a.department_id = $8::uuid)
            OR EXISTS (SELECT 1 FROM registers r WHERE r.id = d.register_id AND r.department_id = $8::uuid))
       AND ${visibleToViewer('$1', '$2', '$3', '$4')}
  )`;

/** Day → working days from the period's start up to and including it. */
const CALENDAR = `cal AS (
    SELECT g::date AS day,
           (count(*) FILTER (WHERE extract(isodow FROM g) < 6 AND NOT (g::date = ANY ($11::date[])))
              OVER (ORDER BY g))::int AS n
      FROM generate_series($5::date, greatest($6::date, $7::date), interval '1 day') g
  )`;

const COUNTS = `count(*)::int AS received,
       count(*) FILTER (WHERE b.closed)::int AS closed,
       count(*) FILTER (WHERE b.closed AND (b.due_date IS NULL OR b.executed_on <= b.due_date))::int AS closed_on_time,
       count(*) FILTER (WHERE b.overdue)::int AS overdue,
       count(*) FILTER (WHERE b.open)::int AS open`;

interface CountsSqlRow {
  id: string;
  name: string;
  code: string;
  received: number;
  closed: number;
  closed_on_time: number;
  overdue: number;
  open: number;
}

const toCounts = (row: CountsSqlRow): DashboardCountsRow => ({
  id: row.id,
  name: row.name,
  code: row.code,
  received: row.received,
  closed: row.closed,
  closedOnTime: row.closed_on_time,
  overdue: row.overdue,
  open: row.open,
});

const oneDecimal = (value: number | string | null): number | null =>
  value === null ? null : Math.round(Number(value) * 10) / 10;

export function dashboardRepository(db: Queryable): DashboardRepository {
  return {
    async counts(query, by) {
      let sql: string;
      if (by === 'all') {
        sql = `WITH ${BASE} SELECT 'all' AS id, '' AS name, '' AS code, ${COUNTS} FROM base b`;
      } else if (by === 'register') {
        sql = `WITH ${BASE}
               SELECT r.id::text AS id, r.name, r.code, ${COUNTS}
                 FROM base b JOIN registers r ON r.id = b.register_id
                GROUP BY r.id, r.name, r.code ORDER BY r.code`;
      } else {
        // A document belongs to its register's department and to each department it is routed or
        // granted to (the register's department filter): a row per department it belongs to.
        sql = `WITH ${BASE},
               links AS (
                 SELECT b.id, r.department_id AS department_id FROM base b JOIN registers r ON r.id = b.register_id
                  WHERE r.department_id IS NOT NULL
                 UNION
                 SELECT b.id, a.department_id FROM base b JOIN document_access a ON a.document_id = b.id
                  WHERE a.department_id IS NOT NULL)
               SELECT dp.id::text AS id, dp.name, dp.code, ${COUNTS}
                 FROM links l JOIN base b ON b.id = l.id JOIN departments dp ON dp.id = l.department_id
                WHERE $8::uuid IS NULL OR dp.id = $8::uuid
                GROUP BY dp.id, dp.name, dp.code ORDER BY dp.name`;
      }
      const rows = await db.query<CountsSqlRow>(sql, params(query));
      return rows.map(toCounts);
    },

    async processingDays(query): Promise<DashboardProcessingDays> {
      const [row] = await db.query<{ closed: number; median: number | null; p90: number | null }>(
        `WITH ${BASE}, ${CALENDAR}
         SELECT count(*)::int AS closed,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY x.days) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY x.days) AS p90
           FROM (SELECT greatest(ce.n - cr.n, 0) AS days
                   FROM base b JOIN cal cr ON cr.day = b.registered_on JOIN cal ce ON ce.day = b.executed_on
                  WHERE b.closed) x`,
        withHolidays(query),
      );
      return {
        closed: row?.closed ?? 0,
        median: oneDecimal(row?.median ?? null),
        p90: oneDecimal(row?.p90 ?? null),
      };
    },

    async openByAge(query): Promise<DashboardAgeBuckets> {
      const [row] = await db.query<{ up_to5: number; up_to10: number; up_to20: number; over20: number }>(
        `WITH ${BASE}, ${CALENDAR},
              aged AS (SELECT (SELECT n FROM cal WHERE day = $7::date) - cr.n AS age
                         FROM base b JOIN cal cr ON cr.day = b.registered_on WHERE b.open)
         SELECT count(*) FILTER (WHERE age <= 5)::int AS up_to5,
                count(*) FILTER (WHERE age BETWEEN 6 AND 10)::int AS up_to10,
                count(*) FILTER (WHERE age BETWEEN 11 AND 20)::int AS up_to20,
                count(*) FILTER (WHERE age > 20)::int AS over20
           FROM aged`,
        withHolidays(query),
      );
      return {
        upTo5: row?.up_to5 ?? 0,
        upTo10: row?.up_to10 ?? 0,
        upTo20: row?.up_to20 ?? 0,
        over20: row?.over20 ?? 0,
      };
    },

    async trend(query): Promise<DashboardMonth[]> {
      const rows = await db.query<{ month: string; received: number; closed: number; overdue: number }>(
        `WITH ${BASE}
         SELECT to_char(m, 'YYYY-MM') AS month, count(b.id)::int AS received,
                count(b.id) FILTER (WHERE b.closed)::int AS closed,
                count(b.id) FILTER (WHERE b.overdue)::int AS overdue
           FROM generate_series(date_trunc('month', $5::date::timestamp), $6::date::timestamp, interval '1 month') m
           LEFT JOIN base b ON date_trunc('month', b.registered_on::timestamp) = m
          GROUP BY m ORDER BY m`,
        params(query),
      );
      return rows.map((row) => ({ ...row }));
    },

    async overduePeople(query, limit): Promise<DashboardPerson[]> {
      const rows = await db.query<{ user_id: string; display_name: string; overdue: number }>(
        `WITH ${BASE}
         SELECT u.id::text AS user_id, u.display_name, count(DISTINCT b.id)::int AS overdue
           FROM base b
           JOIN document_access a ON a.document_id = b.id AND a.reason = 'routed'
           JOIN users u ON u.id = a.user_id
          WHERE b.overdue
          GROUP BY u.id, u.display_name
          ORDER BY 3 DESC, u.display_name, u.id
          LIMIT $11`,
        [...params(query), limit],
      );
      return rows.map((row) => ({
        userId: row.user_id,
        displayName: row.display_name,
        overdue: row.overdue,
      }));
    },
  };
}
