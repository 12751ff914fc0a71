/**
 * The report queries in SQL. A document's routing is its newest process instance (business key =
 * document id); what it decided is read from that instance's variables by the `ResolutionReader`
 * this repository is given (the SQL hands the variables over whole, it reads none of them). A
 * document counts as executed when its status is `closed`, on the day its process ended (else its
 * last change), in the institution's zone.
 */
import type { Queryable, SqlParam } from '../db.js';
import type {
  CardTask,
  ControlRow,
  JournalQuery,
  JournalRow,
  ReportRepository,
  ResolutionReader,
  RoutingActedFor,
} from '../reportPorts.js';
import { visibleToViewer } from './documentVisibility.js';

const ROUTING = `LEFT JOIN LATERAL (
    SELECT p.variables, p.ended_at FROM process_instances p
     WHERE p.business_key = d.id::text ORDER BY p.started_at DESC, p.id LIMIT 1
  ) pi ON true`;

/** `$tz` names the placeholder of the time zone. */
export const executedOn = (tz: string): string =>
  `CASE WHEN d.status = 'closed' THEN (coalesce(pi.ended_at, d.updated_at) AT TIME ZONE ${tz})::date END`;

/** The department names in a task's candidate groups (`dept_head:BUV` or `BUV`), first by code. */
const GROUP_DEPARTMENT = `LEFT JOIN LATERAL (
    SELECT dp.id, dp.name FROM departments dp
     WHERE dp.code IN (SELECT substr(g, strpos(g, ':') + 1) FROM unnest(t.candidate_groups) g)
     ORDER BY dp.code LIMIT 1
  ) gd ON true`;

interface JournalSqlRow {
  id: string;
  sequence: number;
  registration_number: string;
  registered_on: string;
  correspondent: string | null;
  their_number: string | null;
  their_date: string | null;
  subject: string;
  variables: Record<string, unknown> | null;
  due_date: string | null;
  executed_on: string | null;
  case_file: string | null;
}

/** Executors as printed: a user's display name, a department's name, else as given. */
async function executorNames(db: Queryable, executors: string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(executors)];
  if (distinct.length === 0) return new Map();
  const rows = await db.query<{ executor: string; name: string }>(
    `SELECT x.e AS executor, coalesce(u.display_name, dp.name, x.e) AS name
       FROM unnest($1::text[]) AS x(e)
       LEFT JOIN users u ON lower(u.username) = lower(x.e)
       LEFT JOIN departments dp ON dp.code = x.e`,
    [distinct],
  );
  return new Map(rows.map((row) => [row.executor, row.name]));
}

interface TaskSqlRow {
  id: string;
  name: string;
  executor: string;
  department: string | null;
  assigned_on: string;
  due_on: string | null;
  completed_on: string | null;
  status: string;
  completed_for: { deputy: string; principal: string } | null;
}

/** The department names of the users named (by lower-cased username); users without one are left out. */
async function responsibleDepartments(db: Queryable, usernames: string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(usernames.map((username) => username.toLowerCase()))];
  if (distinct.length === 0) return new Map();
  const rows = await db.query<{ username: string; department: string }>(
    `SELECT x.u AS username, dp.name AS department
       FROM unnest($1::text[]) AS x(u)
       JOIN users u ON lower(u.username) = x.u
       JOIN departments dp ON dp.id = u.department_id`,
    [distinct],
  );
  return new Map(rows.map((row) => [row.username, row.department]));
}

export function reportRepository(db: Queryable, readResolution: ResolutionReader): ReportRepository {
  /** Parameters $1–$8 and the WHERE clause every journal query shares. */
  const journalFilter = (query: JournalQuery): { params: SqlParam[]; where: string } => ({
    params: [
      query.viewer.userId,
      query.viewer.departmentId,
      query.viewer.seesAllUnrestricted,
      query.registerId,
      query.from,
      query.to,
      query.viewer.actingForIds ?? [],
      query.caseFileId ?? null,
    ],
    // Drafts (no number yet) are not registered: they have no line in the journal.
    where: `d.register_id = $4::uuid AND d.registered_on BETWEEN $5::date AND $6::date
            AND d.sequence IS NOT NULL AND ($8::uuid IS NULL OR d.case_file_id = $8::uuid)
            AND ${visibleToViewer('$1', '$2', '$3', '$7')}`,
  });

  return {
    async countJournal(query) {
      const { params, where } = journalFilter(query);
      const [row] = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM documents d WHERE ${where}`,
        params,
      );
      return row?.total ?? 0;
    },

    async journalPage(query, after, limit) {
      const { params, where } = journalFilter(query);
      params.push(query.timeZone, limit);
      let keyset = '';
      if (after) {
        params.push(after.registeredOn, after.sequence, after.id);
        keyset = `AND (d.registered_on, d.sequence, d.id) > ($11::date, $12::int, $13::uuid)`;
      }
      const rows = await db.query<JournalSqlRow>(
        `SELECT d.id, d.sequence, d.registration_number, d.registered_on, c.name AS correspondent,
                d.their_number, d.their_date, d.subject, pi.variables, d.due_date, ${executedOn('$9')} AS executed_on, cf.index_code AS case_file
           FROM documents d
           LEFT JOIN correspondents c ON c.id = d.correspondent_id
           LEFT JOIN case_files cf ON cf.id = d.case_file_id
           ${ROUTING}
          WHERE ${where} ${keyset}
          ORDER BY d.registered_on, d.sequence, d.id
          LIMIT $10`,
        params,
      );
      const resolutions = rows.map((row) => readResolution(row.variables ?? {}));
      const names = await executorNames(
        db,
        resolutions.flatMap((resolution) => resolution.executors),
      );
      const last = rows.at(-1);
      return {
        rows: rows.map((row, index): JournalRow => {
          const resolution = resolutions[index] ?? readResolution({});
          return {
            registrationNumber: row.registration_number,
            registeredOn: row.registered_on,
            correspondent: row.correspondent ?? '',
            theirNumber: row.their_number,
            theirDate: row.their_date,
            subject: row.subject,
            resolution: resolution.decided ? resolution.text : null,
            executors: resolution.executors.map((executor) => names.get(executor) ?? executor),
            dueDate: row.due_date,
            executedOn: row.executed_on,
            caseFile: row.case_file,
          };
        }),
        next:
          last && rows.length === limit
            ? { registeredOn: last.registered_on, sequence: last.sequence, id: last.id }
            : null,
      };
    },

    async controlPage(query, after, limit) {
      const offset = after?.offset ?? 0;
      const rows = await db.query<{
        department: string;
        executor: string;
        registration_number: string;
        subject: string;
        task: string;
        assigned_on: string;
        due_on: string;
      }>(
        `SELECT coalesce(ud.name, gd.name, '—') AS department,
                coalesce(u.display_name, t.assignee, array_to_string(t.candidate_groups, ', ')) AS executor,
                d.registration_number, d.subject, t.name AS task,
                (t.created_at AT TIME ZONE $5)::date AS assigned_on, (t.due_at AT TIME ZONE $5)::date AS due_on
           FROM tasks t
           JOIN documents d ON d.id::text = t.business_key
           LEFT JOIN users u ON lower(u.username) = lower(t.assignee)
           LEFT JOIN departments ud ON ud.id = u.department_id
           ${GROUP_DEPARTMENT}
          WHERE t.due_at IS NOT NULL
            AND (t.created_at AT TIME ZONE $5)::date <= $4::date
            AND (t.status = 'open' OR (t.completed_at IS NOT NULL AND (t.completed_at AT TIME ZONE $5)::date > $4::date))
            AND ($6::uuid IS NULL OR coalesce(ud.id, gd.id) = $6::uuid)
            AND ${visibleToViewer('$1', '$2', '$3', '$9')}
          ORDER BY 1, 2, t.due_at, t.id
          LIMIT $7 OFFSET $8`,
        [
          query.viewer.userId,
          query.viewer.departmentId,
          query.viewer.seesAllUnrestricted,
          query.asOf,
          query.timeZone,
          query.departmentId,
          limit,
          offset,
          query.viewer.actingForIds ?? [],
        ],
      );
      return {
        rows: rows.map((row): ControlRow => ({
          department: row.department,
          executor: row.executor,
          registrationNumber: row.registration_number,
          subject: row.subject,
          task: row.task,
          assignedOn: row.assigned_on,
          dueDate: row.due_on,
        })),
        next: rows.length === limit ? { offset: offset + limit } : null,
      };
    },

    async documentRouting(documentId, timeZone) {
      const [instance] = await db.query<{
        variables: Record<string, unknown>;
        resolution_by: string | null;
        resolution_on: string | null;
        order_by: string | null;
      }>(
        `SELECT pi.variables,
                (SELECT coalesce(u.display_name, t.completed_by) FROM tasks t
                   LEFT JOIN users u ON lower(u.username) = lower(t.completed_by)
                  WHERE t.instance_id = pi.id AND t.form_key = 'resolution' AND t.status = 'completed'
                  ORDER BY t.completed_at DESC LIMIT 1) AS resolution_by,
                (SELECT (t.completed_at AT TIME ZONE $2)::date FROM tasks t
                  WHERE t.instance_id = pi.id AND t.form_key = 'resolution' AND t.status = 'completed'
                  ORDER BY t.completed_at DESC LIMIT 1) AS resolution_on,
                (SELECT coalesce(u.display_name, t.completed_by) FROM tasks t
                   LEFT JOIN users u ON lower(u.username) = lower(t.completed_by)
                  WHERE t.instance_id = pi.id AND t.form_key = 'order' AND t.status = 'completed'
                  ORDER BY t.completed_at DESC LIMIT 1) AS order_by
           FROM process_instances pi
          WHERE pi.business_key = $1
          ORDER BY pi.started_at DESC, pi.id LIMIT 1`,
        [documentId, timeZone],
      );
      const { decided, text } = readResolution(instance?.variables ?? {});
      const tasks = await db.query<TaskSqlRow>(
        `SELECT t.id, t.name, t.status,
                coalesce(u.display_name, t.assignee, array_to_string(t.candidate_groups, ', ')) AS executor,
                coalesce(ud.name, gd.name) AS department,
                (t.created_at AT TIME ZONE $2)::date AS assigned_on,
                (t.due_at AT TIME ZONE $2)::date AS due_on,
                CASE WHEN t.status = 'completed' THEN (t.completed_at AT TIME ZONE $2)::date END AS completed_on,
                (SELECT jsonb_build_object('deputy', coalesce(hd.display_name, h.actor_name),
                                           'principal', hp.display_name)
                   FROM process_history h
                   JOIN users hp ON hp.id::text = h.details->>'onBehalfOfId'
                   LEFT JOIN users hd ON hd.id = h.actor_id
                  WHERE h.instance_id = t.instance_id AND h.type = 'task.completed'
                    AND h.details->>'taskId' = t.id::text
                  ORDER BY h.id DESC LIMIT 1) AS completed_for
           FROM tasks t
           JOIN process_instances pi ON pi.id = t.instance_id AND pi.business_key = $1
           LEFT JOIN users u ON lower(u.username) = lower(t.assignee)
           LEFT JOIN departments ud ON ud.id = u.department_id
           ${GROUP_DEPARTMENT}
          WHERE t.status <> 'cancelled'
          ORDER BY t.created_at, t.id`,
        [documentId, timeZone],
      );
      const [executed] = await db.query<{ executed_on: string | null }>(
        `SELECT ${executedOn('$2')} AS executed_on FROM documents d ${ROUTING} WHERE d.id = $1::uuid`,
        [documentId, timeZone],
      );
      // A deputy's work for someone else names both (the audit's and the history's on-behalf-of).
      const history = await db.query<{
        at: Date;
        actor: string;
        action: string;
        deputy: string | null;
        principal: string | null;
      }>(
        `SELECT a.occurred_at AS at, a.actor_name AS actor, a.action,
                coalesce(ad.display_name, a.actor_name) AS deputy, ap.display_name AS principal
           FROM audit_events a
           LEFT JOIN users ap ON ap.id = a.on_behalf_of_id
           LEFT JOIN users ad ON ad.id = a.actor_id
          WHERE a.object_type = 'document' AND a.object_id = $1
         UNION ALL
         SELECT h.at, h.actor_name, h.type || coalesce(' · ' || h.element_id, ''),
                coalesce(hd.display_name, h.actor_name), hp.display_name
           FROM process_history h
           JOIN process_instances pi ON pi.id = h.instance_id AND pi.business_key = $1
           LEFT JOIN users hp ON hp.id::text = h.details->>'onBehalfOfId'
           LEFT JOIN users hd ON hd.id = h.actor_id
          WHERE h.type IN ('task.created', 'task.completed', 'task.assigned', 'process.started', 'process.ended', 'service.called')
          ORDER BY 1, 3`,
        [documentId],
      );
      return {
        resolution:
          decided && text !== null && instance
            ? { text, author: instance.resolution_by ?? '', givenOn: instance.resolution_on ?? '' }
            : null,
        executedOn: executed?.executed_on ?? null,
        order: instance?.order_by && text !== null ? { text, givenBy: instance.order_by } : null,
        tasks: tasks.map((task): CardTask & { taskId: string; completedFor: RoutingActedFor | null } => ({
          taskId: task.id,
          executor: task.executor,
          department: task.department,
          description: task.name,
          assignedOn: task.assigned_on,
          dueDate: task.due_on,
          completedOn: task.completed_on,
          result: null,
          completedFor: task.completed_for,
        })),
        history: history.map(({ deputy, principal, ...entry }) => ({
          ...entry,
          at: new Date(entry.at),
          actedFor: principal !== null && deputy !== null ? { deputy, principal } : null,
        })),
      };
    },

    async statistics(query) {
      const documents = await db.query<{
        registered_on: string;
        due_date: string | null;
        status: string;
        executed_on: string | null;
        register_department: string | null;
        variables: Record<string, unknown> | null;
      }>(
        `SELECT d.registered_on, d.due_date, d.status, ${executedOn('$6')} AS executed_on,
                regd.name AS register_department, pi.variables
           FROM documents d
           JOIN registers r ON r.id = d.register_id
           LEFT JOIN departments regd ON regd.id = r.department_id
           ${ROUTING}
          WHERE d.registered_on BETWEEN $4::date AND $5::date AND d.sequence IS NOT NULL
            AND ${visibleToViewer('$1', '$2', '$3', '$7')}`,
        [
          query.viewer.userId,
          query.viewer.departmentId,
          query.viewer.seesAllUnrestricted,
          query.from,
          query.to,
          query.timeZone,
          query.viewer.actingForIds ?? [],
        ],
      );
      // A document counts for the department of whoever answers for it, else its register's.
      const responsible = documents.map((row) => readResolution(row.variables ?? {}).responsible);
      const departmentOf = await responsibleDepartments(
        db,
        responsible.filter((username): username is string => username !== null),
      );
      const department = documents.map(
        (row, index) =>
          departmentOf.get(responsible[index]?.toLowerCase() ?? '') ?? row.register_department ?? '—',
      );
      const rows = await db.query<{
        department: string;
        received: number;
        on_time: number;
        late: number;
        open: number;
        average_days: number | null;
      }>(
        `SELECT department, count(*)::int AS received,
                count(*) FILTER (WHERE executed_on IS NOT NULL AND (due_date IS NULL OR executed_on <= due_date))::int AS on_time,
                count(*) FILTER (WHERE executed_on > due_date)::int AS late,
                count(*) FILTER (WHERE executed_on IS NULL
                                   AND status NOT IN ('closed', 'for_information', 'filed', 'cancelled'))::int AS open,
                (avg(executed_on - registered_on) FILTER (WHERE executed_on IS NOT NULL))::float8 AS average_days
           FROM unnest($1::text[], $2::date[], $3::date[], $4::text[], $5::date[])
                AS docs(department, registered_on, due_date, status, executed_on)
          GROUP BY department ORDER BY department`,
        [
          department,
          documents.map((row) => row.registered_on),
          documents.map((row) => row.due_date),
          documents.map((row) => row.status),
          documents.map((row) => row.executed_on),
        ],
      );
      return rows.map((row) => ({
        department: row.department,
        received: row.received,
        completedOnTime: row.on_time,
        completedLate: row.late,
        open: row.open,
        averageProcessingDays: row.average_days === null ? null : Number(row.average_days),
      }));
    },
  };
}
