import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import type { JsonValue } from '../ports.js';
import type { TaskRecord, TaskRepository, TaskStatus } from '../workflowPorts.js';
import { viewerParams, visibleWithDraftsInBulk, visibleWithDraftsTo } from './documentAccessRepository.js';

interface TaskRow {
  id: string;
  instance_id: string;
  process_key: string;
  business_key: string | null;
  element_id: string;
  execution_id: string;
  name: string;
  assignee: string | null;
  initial_assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  due_at: Date | null;
  priority: number | null;
  form_key: string | null;
  loop_item: JsonValue | null;
  status: TaskStatus;
  claimed_at: Date | null;
  completed_by: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const toTask = (row: TaskRow): TaskRecord => ({
  id: row.id,
  instanceId: row.instance_id,
  processKey: row.process_key,
  businessKey: row.business_key,
  elementId: row.element_id,
  executionId: row.execution_id,
  name: row.name,
  assignee: row.assignee,
  initialAssignee: row.initial_assignee,
  candidateGroups: row.candidate_groups,
  candidateUsers: row.candidate_users,
  dueAt: row.due_at,
  priority: row.priority,
  formKey: row.form_key,
  loopItem: row.loop_item,
  status: row.status,
  claimedAt: row.claimed_at,
  completedBy: row.completed_by,
  createdAt: row.created_at,
  completedAt: row.completed_at,
});

/**
 * The document an open task is on, as the access rule reads it (`d`: id, created_by,
 * confidentiality, register_id, sequence), from the copies the task carries (migration 0034: the
 * database keeps them equal to the document's) — for `CROSS JOIN LATERAL` after the task `task`.
 * `d.id` is NULL when the task's key names no document. Only `sequence IS NULL` (a draft) is kept of
 * the number. The documentVisibility contract test holds the rule on these copies to the same
 * answers as on the documents.
 */
export const documentCopiesOf = (task: string) => `(
  SELECT CASE WHEN ${task}.document_confidentiality IS NOT NULL THEN ${task}.document_id END AS id,
         ${task}.document_created_by AS created_by, ${task}.document_confidentiality AS confidentiality,
         ${task}.document_register_id AS register_id,
         CASE WHEN ${task}.document_draft THEN NULL ELSE 0 END AS sequence
) d`;

/** The columns of `task` the inbox reads, besides its id: the order's and the document's copies. */
const copied = (task: string) =>
  [
    'due_at',
    'created_at',
    'document_id',
    'document_created_by',
    'document_confidentiality',
    'document_register_id',
  ]
    .concat(['document_draft', 'document_urgent'])
    .map((column) => `${task}.${column}`)
    .join(', ');

export function taskRepository(db: Queryable): TaskRepository {
  async function notOpen(id: string): Promise<never> {
    const [row] = await db.query<{ status: TaskStatus }>('SELECT status FROM tasks WHERE id = $1', [id]);
    if (!row) throw new NotFound(`task ${id} not found`);
    throw new Conflict(`task ${id} is ${row.status}, not open`);
  }

  return {
    async insert(task) {
      const [row] = await db.query<TaskRow>(
        `INSERT INTO tasks (id, instance_id, process_key, business_key, element_id, execution_id, name, assignee,
                            initial_assignee, candidate_groups, candidate_users, due_at, priority, form_key,
                            loop_item, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, 'open', $15) RETURNING *`,
        [
          randomUUID(),
          task.instanceId,
          task.processKey,
          task.businessKey,
          task.elementId,
          task.executionId,
          task.name,
          task.assignee,
          task.candidateGroups,
          task.candidateUsers,
          task.dueAt,
          task.priority,
          task.formKey,
          task.loopItem === null ? null : JSON.stringify(task.loopItem),
          task.createdAt,
        ],
      );
      return toTask(row as TaskRow);
    },
    async get(id) {
      const [row] = await db.query<TaskRow>('SELECT * FROM tasks WHERE id = $1', [id]);
      return row ? toTask(row) : null;
    },
    async listByInstance(instanceId, options = {}) {
      const rows = await db.query<TaskRow>(
        `SELECT * FROM tasks WHERE instance_id = $1 AND ($2::text IS NULL OR status = $2)
          ORDER BY created_at, element_id, execution_id`,
        [instanceId, options.status ?? null],
      );
      return rows.map(toTask);
    },
    async listUnreachable(viewerRoles) {
      // `person`: each active user with the group codes they answer to, as actorGroups (taskPolicy.ts)
      // computes them. A task reaches a person it is assigned to (else offered to, by name or group)
      // who may see its document — the inbox's rule; a key that names no document hides nothing.
      // Aliases inside the access rule (a, r, u, vr) are not used out here.
      const offeredTo = `CASE WHEN o.assignee IS NOT NULL THEN p.username = o.assignee
                              ELSE p.username = ANY (o.candidate_users) OR p.groups && o.candidate_groups END`;
      const rows = await db.query<TaskRow & { offered: boolean }>(
        `WITH active AS (
           SELECT usr.id, usr.username, usr.department_id, dep.code AS department,
                  coalesce(array_agg(ur.role) FILTER (WHERE ur.role IS NOT NULL), '{}')::text[] AS roles
             FROM users usr
             LEFT JOIN departments dep ON dep.id = usr.department_id
             LEFT JOIN user_roles ur ON ur.user_id = usr.id
            WHERE usr.active
            GROUP BY usr.id, dep.code
         ), person AS (
           SELECT act.*, act.roles || CASE WHEN act.department IS NULL THEN '{}'::text[]
                    ELSE ARRAY[act.department]
                         || ARRAY(SELECT code || ':' || act.department FROM unnest(act.roles) AS code) END AS groups
             FROM active act
         ), open_task AS (
           SELECT t.*, doc.id AS found_document_id
             FROM tasks t
             LEFT JOIN documents doc ON doc.id = t.document_id
            WHERE t.status = 'open'
         ), reach AS (
           SELECT o.*,
                  EXISTS (SELECT 1 FROM person p WHERE ${offeredTo}) AS offered,
                  EXISTS (SELECT 1 FROM person p
                           WHERE (${offeredTo})
                             AND (o.found_document_id IS NULL
                                  OR EXISTS (SELECT 1 FROM documents d
                                              WHERE d.id = o.found_document_id
                                                AND (${visibleWithDraftsTo(
                                                  'p.id',
                                                  'p.department_id',
                                                  '(p.roles && $1::text[])',
                                                  undefined,
                                                  '(p.roles && $2::text[])',
                                                )}) IS TRUE))) AS reached
             FROM open_task o
         )
         SELECT * FROM reach WHERE NOT reached ORDER BY created_at, id`,
        [[...viewerRoles.seesAllUnrestricted], [...viewerRoles.seesAllDrafts]],
      );
      return rows.map((row) => ({ task: toTask(row), documentHidden: row.offered }));
    },
    async listOpenFor(username, groups) {
      const rows = await db.query<TaskRow>(
        `SELECT * FROM tasks
          WHERE status = 'open'
            AND (assignee = $1
                 OR (assignee IS NULL AND ($1 = ANY (candidate_users) OR candidate_groups && $2::text[])))
          ORDER BY due_at NULLS LAST, priority DESC NULLS LAST, created_at`,
        [username, [...groups]],
      );
      return rows.map(toTask);
    },
    async listOpenControlledBy(username, options) {
      // `controller` is the instance's, kept on the open task by the database (migration 0022). Overdue first
      // is earliest due first, the order of the index (controller, due_at, created_at, id).
      const [counts] = await db.query<{ total: number; overdue: number }>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE due_at < $2)::int AS overdue
           FROM tasks WHERE status = 'open' AND controller = $1`,
        [username, options.now],
      );
      const rows = await db.query<TaskRow>(
        `SELECT * FROM tasks WHERE status = 'open' AND controller = $1
          ORDER BY due_at NULLS LAST, created_at, id LIMIT $2 OFFSET $3`,
        [username, Math.min(Math.max(options.limit, 1), 500), Math.max(options.offset, 0)],
      );
      return { items: rows.map(toTask), total: counts?.total ?? 0, overdue: counts?.overdue ?? 0 };
    },
    async inbox(filter) {
      // $1 now, $2..$6 the viewer (visibleWithDraftsInBulk), $7 usernames, $8 groups, $9 limit, $10 offset.
      // The person's open tasks are found by index, and each is checked against the access rule on
      // the copies of its document the task carries (migration 0034), with sets made once for the
      // viewer: no document is read, and of the tasks only the page's rows.
      const wanted = [
        filter.scope === 'mine' ? 'held' : filter.scope === 'unassigned' ? 'NOT held' : 'true',
        filter.overdueOnly ? 'late' : 'true',
      ].join(' AND ');
      const order = (of: string) =>
        (filter.sort === 'priority'
          ? [`${of}urgent DESC`, `${of}late DESC`]
          : [`${of}late DESC`, `${of}urgent DESC`]
        )
          .concat([`${of}due_at NULLS LAST`, `${of}created_at`, `${of}id`])
          .join(', ');
      const rows = await db.query<
        Partial<TaskRow> & {
          urgent?: boolean;
          n_all: number;
          n_mine: number;
          n_unassigned: number;
          n_overdue: number;
          n_wanted: number;
        }
      >(
        `WITH serial AS MATERIALIZED (
           -- Without parallel workers (set_config makes the query unsafe for them): the indexes
           -- answer in a few milliseconds, and workers would take cores from the other readers and
           -- each build the viewer's sets again.
           SELECT set_config('max_parallel_workers_per_gather', '0', true)
         ), candidate AS (
           -- The person's open tasks in four disjoint parts, each read from an index alone (0034):
           -- held by them; held by nobody and offered to one group, one of theirs; else offered to
           -- them by name; else offered to several groups, one of theirs. Together: what they hold,
           -- and what nobody holds that is offered to them, by name or to a group of theirs.
           SELECT t.id, true AS held, ${copied('t')} FROM tasks t
            WHERE t.status = 'open' AND t.assignee = ANY ($7::text[])
           UNION ALL
           SELECT t.id, false, ${copied('t')} FROM tasks t
            WHERE t.status = 'open' AND t.assignee IS NULL AND cardinality(t.candidate_groups) = 1
              AND t.candidate_groups[1] = ANY ($8::text[])
           UNION ALL
           SELECT t.id, false, ${copied('t')} FROM tasks t
            WHERE t.status = 'open' AND t.assignee IS NULL AND t.candidate_users && $7::text[]
              AND NOT (cardinality(t.candidate_groups) = 1 AND t.candidate_groups[1] = ANY ($8::text[]))
           UNION ALL
           SELECT t.id, false, ${copied('t')} FROM tasks t
            WHERE t.status = 'open' AND t.assignee IS NULL AND cardinality(t.candidate_groups) > 1
              AND t.candidate_groups && $8::text[] AND NOT (t.candidate_users && $7::text[])
         ), inbox AS MATERIALIZED (
           -- The access rule on the task's copies of its document, with sets made once for the
           -- viewer; a key that names no document hides nothing.
           SELECT c.id, c.held, (c.due_at IS NOT NULL AND c.due_at < $1) AS late, c.document_urgent AS urgent,
                  c.due_at, c.created_at
             FROM candidate c CROSS JOIN LATERAL ${documentCopiesOf('c')}
            WHERE d.id IS NULL OR (${visibleWithDraftsInBulk}) IS TRUE
         ), counts AS (
           SELECT count(*)::int AS n_all, count(*) FILTER (WHERE held)::int AS n_mine,
                  count(*) FILTER (WHERE NOT held)::int AS n_unassigned,
                  count(*) FILTER (WHERE late)::int AS n_overdue, count(*) FILTER (WHERE ${wanted})::int AS n_wanted
             FROM inbox
         ), page AS (
           SELECT * FROM inbox WHERE ${wanted}
            ORDER BY ${order('')}
            LIMIT $9 OFFSET $10
         )
         SELECT t.*, page.urgent, counts.*
           FROM serial, counts LEFT JOIN (page JOIN tasks t ON t.id = page.id) ON true
          ORDER BY ${order('page.')}`,
        [
          filter.now,
          ...viewerParams(filter.viewer),
          [...filter.usernames],
          [...filter.groups],
          Math.min(Math.max(filter.limit, 1), 500),
          Math.max(filter.offset, 0),
        ],
      );
      const [first] = rows;
      const counts = {
        all: first?.n_all ?? 0,
        mine: first?.n_mine ?? 0,
        unassigned: first?.n_unassigned ?? 0,
        overdue: first?.n_overdue ?? 0,
      };
      // An empty page is one row of counts without a task.
      const listed = rows.filter((row) => row.id !== null && row.id !== undefined);
      const items = listed.map((row) => toTask(row as TaskRow));
      const urgentIds = new Set(listed.flatMap((row) => (row.urgent ? [row.id as string] : [])));
      return { items, urgentIds, counts, total: first?.n_wanted ?? 0 };
    },
    async complete(id, completedBy, at) {
      const [row] = await db.query<TaskRow>(
        `UPDATE tasks SET status = 'completed', completed_by = $2, completed_at = $3
          WHERE id = $1 AND status = 'open' RETURNING *`,
        [id, completedBy, at],
      );
      return row ? toTask(row) : notOpen(id);
    },
    async cancelOpen(instanceId, at, executionIds) {
      const rows = await db.query<{ id: string }>(
        `UPDATE tasks SET status = 'cancelled', completed_at = $2
          WHERE instance_id = $1 AND status = 'open' AND ($3::text[] IS NULL OR execution_id = ANY ($3::text[]))
          RETURNING id`,
        [instanceId, at, executionIds ? [...executionIds] : null],
      );
      return rows.length;
    },
    async setAssignee(id, expectedAssignee, assignee, at) {
      const [row] = await db.query<TaskRow>(
        `UPDATE tasks SET assignee = $3, claimed_at = CASE WHEN $3::text IS NULL THEN NULL ELSE $4::timestamptz END
          WHERE id = $1 AND status = 'open' AND assignee IS NOT DISTINCT FROM $2 RETURNING *`,
        [id, expectedAssignee, assignee, at],
      );
      if (row) return toTask(row);
      const current = await this.get(id);
      if (!current) throw new NotFound(`task ${id} not found`);
      if (current.status !== 'open') throw new Conflict(`task ${id} is ${current.status}, not open`);
      throw new Conflict(`task ${id} was assigned to someone else in the meantime; reload it`);
    },
  };
}
