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

/** The due date as the inbox orders it, none last: the key of its indexes (migration 0036). */
const DUE_KEY = "coalesce(t.due_at, 'infinity'::timestamptz)";

/** Overdue (before $1), not overdue, or either. */
const lateness = (late: boolean | null) => (late === null ? '' : ` AND ${DUE_KEY} ${late ? '<' : '>='} $1`);

/**
 * One of the four disjoint parts of a person's inbox ($7 usernames, $8 groups): `where` finds it
 * whole, `ranges` in the inbox's order (one index range each: a username, a group; the parts found
 * by a GIN index are one unordered range, sorted as they are small).
 */
interface InboxPart {
  name: 'held' | 'offeredToOne' | 'offeredByName' | 'offeredToMany';
  columns: string;
  where: string;
  ranges: string[];
}

/**
 * The person's open tasks in four disjoint parts: held by them; held by nobody and offered to one
 * group, one of theirs; else offered to them by name; else offered to several groups, one of theirs.
 * Together: what they hold, and what nobody holds that is offered to them, by name or to a group of
 * theirs.
 */
function inboxParts(usernames: number, groups: number): InboxPart[] {
  const part = (name: InboxPart['name'], held: boolean, where: string, ranges?: string[]): InboxPart => ({
    name,
    columns: `t.id, ${held} AS held, ${copied('t')}`,
    where,
    ranges: ranges ?? [where],
  });
  const toOne = "t.status = 'open' AND t.assignee IS NULL AND cardinality(t.candidate_groups) = 1";
  const each = (n: number, range: (k: number) => string) => Array.from({ length: n }, (_, k) => range(k + 1));
  return [
    part(
      'held',
      true,
      "t.status = 'open' AND t.assignee = ANY ($7::text[])",
      each(usernames, (k) => `t.status = 'open' AND t.assignee = ($7::text[])[${k}]`),
    ),
    part(
      'offeredToOne',
      false,
      `${toOne} AND t.candidate_groups[1] = ANY ($8::text[])`,
      each(groups, (k) => `${toOne} AND t.candidate_groups[1] = ($8::text[])[${k}]`),
    ),
    part(
      'offeredByName',
      false,
      `t.status = 'open' AND t.assignee IS NULL AND t.candidate_users && $7::text[]
       AND NOT (cardinality(t.candidate_groups) = 1 AND t.candidate_groups[1] = ANY ($8::text[]))`,
    ),
    part(
      'offeredToMany',
      false,
      `t.status = 'open' AND t.assignee IS NULL AND cardinality(t.candidate_groups) > 1
       AND t.candidate_groups && $8::text[] AND NOT (t.candidate_users && $7::text[])`,
    ),
  ];
}

/** The parts as one set (`extra`: more conditions). */
const unionOf = (parts: InboxPart[], extra: string) =>
  parts.map((part) => `SELECT ${part.columns} FROM tasks t WHERE ${part.where}${extra}`).join(' UNION ALL ');

export function taskRepository(db: Queryable): TaskRepository {
  async function notOpen(id: string): Promise<never> {
    const [row] = await db.query<{ status: TaskStatus }>('SELECT status FROM tasks WHERE id = $1', [id]);
    if (!row) throw new NotFound(`task ${id} not found`);
    throw new Conflict(`task ${id} is ${row.status}, not open`, 'refusal.taskNotOpen', {
      id,
      status: row.status,
    });
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
      // `person`: each active user with the group codes they answer to, as actorGroups (engine/policies/task.ts)
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
      // is earliest due first, the order of the index (controller, due_at, created_at, id). The counts
      // are index ranges too, stopping at the cap (a head may control tens of thousands).
      const cap = options.countUpTo === undefined ? null : Math.max(1, Math.floor(options.countUpTo)) + 1;
      const [counts] = await db.query<{ total: number; overdue: number }>(
        `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM tasks
                  WHERE status = 'open' AND controller = $1 LIMIT $3) controlled) AS total,
                (SELECT count(*)::int FROM (SELECT 1 FROM tasks
                  WHERE status = 'open' AND controller = $1 AND due_at < $2 LIMIT $3) late) AS overdue`,
        [username, options.now, cap],
      );
      const rows = await db.query<TaskRow>(
        `SELECT * FROM tasks WHERE status = 'open' AND controller = $1
          ORDER BY due_at NULLS LAST, created_at, id LIMIT $2 OFFSET $3`,
        [username, Math.min(Math.max(options.limit, 1), 500), Math.max(options.offset, 0)],
      );
      const total = counts?.total ?? 0;
      const overdue = counts?.overdue ?? 0;
      return {
        items: rows.map(toTask),
        total: cap !== null && total >= cap ? cap - 1 : total,
        overdue: cap !== null && overdue >= cap ? cap - 1 : overdue,
        totalIsCapped: cap !== null && total >= cap,
        overdueIsCapped: cap !== null && overdue >= cap,
      };
    },
    async inbox(filter) {
      // $1 now, $2..$6 the viewer (visibleWithDraftsInBulk), $7 usernames, $8 groups, then each
      // query's own. The person's open tasks are four disjoint parts, each read from an index alone
      // (migrations 0034, 0036), and checked against the access rule on the copies of its document
      // the task carries, with sets made once for the viewer: no document is read, and of the tasks
      // only the page's rows. The page is read in its order from index ranges, the counts stop at
      // `countUpTo` (else they count every task).
      const usernames = [...filter.usernames];
      const groups = [...filter.groups];
      const base = [filter.now, ...viewerParams(filter.viewer), usernames, groups];
      const parts = inboxParts(usernames.length, groups.length);
      const scoped = (part: InboxPart) =>
        filter.scope === 'all' || (filter.scope === 'mine') === (part.name === 'held');
      // The order: overdue first (sort `due`) or not (`priority`), then urgent first, then by due
      // date (none last), created, id — the order of the indexes (0036), each person's or group's
      // range read in it up to the page's end ($12), the rule checked once over what was read.
      const late = "'-infinity'::timestamptz, $1::timestamptz - interval '1 microsecond'";
      const segments = filter.overdueOnly
        ? [`(0, ${late})`]
        : filter.sort === 'priority'
          ? ["(0, '-infinity'::timestamptz, 'infinity'::timestamptz)"]
          : [`(0, ${late})`, "(1, $1::timestamptz, 'infinity'::timestamptz)"];
      const ordered = `ORDER BY t.document_urgent DESC, due_key, t.created_at, t.id LIMIT $12`;
      const inSegment = `${DUE_KEY} BETWEEN seg.lo AND seg.hi`;
      const arms = parts.filter(scoped).map((part) => {
        const [source, from] =
          part.name === 'held'
            ? ["'h' || who.name", 'CROSS JOIN unnest($7::text[]) AS who(name)']
            : part.name === 'offeredToOne'
              ? ["'g' || who.name", 'CROSS JOIN unnest($8::text[]) AS who(name)']
              : [`'${part.name}'`, ''];
        const where =
          part.ranges.length === 1 && part.name !== 'held' && part.name !== 'offeredToOne'
            ? part.where
            : part.name === 'held'
              ? "t.status = 'open' AND t.assignee = who.name"
              : "t.status = 'open' AND t.assignee IS NULL AND cardinality(t.candidate_groups) = 1 AND t.candidate_groups[1] = who.name";
        return `SELECT seg.n AS seg, ${source} AS source, x.* FROM segment seg ${from}
                 CROSS JOIN LATERAL (SELECT ${part.columns}, ${DUE_KEY} AS due_key FROM tasks t
                                      WHERE ${where} AND ${inSegment} ${ordered}) x`;
      });
      if (arms.length === 0)
        arms.push(
          `SELECT 0 AS seg, '' AS source, x.* FROM (SELECT ${parts[0]?.columns}, ${DUE_KEY} AS due_key FROM tasks t WHERE false) x`,
        );
      const cap = filter.countUpTo === undefined ? null : Math.max(1, Math.floor(filter.countUpTo)) + 1;
      // What is counted: up to `cap` tasks of each tab (found by index, in no order), each checked
      // against the rule once. A tab is exact when fewer were found, capped when all found are
      // visible; else (hidden tasks among those found) it is counted again, checked as it goes.
      const wantedTag =
        filter.scope === 'all'
          ? filter.overdueOnly
            ? 'overdue'
            : 'all'
          : filter.overdueOnly
            ? 'wanted'
            : filter.scope;
      const tags: Record<string, string> = {
        mine: unionOf(
          parts.filter((part) => part.name === 'held'),
          '',
        ),
        unassigned: unionOf(
          parts.filter((part) => part.name !== 'held'),
          '',
        ),
        overdue: unionOf(parts, lateness(true)),
        ...(wantedTag === 'wanted' ? { wanted: unionOf(parts.filter(scoped), lateness(true)) } : {}),
      };
      const counted = Object.entries(tags)
        .map(([tag, union]) => `(SELECT '${tag}' AS tag, c.* FROM (${union}) c LIMIT $11)`)
        .join(' UNION ALL ');
      const limit = Math.min(Math.max(filter.limit, 1), 500);
      const offset = Math.max(filter.offset, 0);
      const read = (armLimit: number | null) =>
        db.query<
          Partial<TaskRow> & {
            urgent?: boolean;
            tally: Record<string, [number, number]>;
            short: boolean | null;
          }
        >(
          `WITH serial AS MATERIALIZED (
           -- Without parallel workers (set_config makes the query unsafe for them): the indexes
           -- answer in a few milliseconds, and workers would take cores from the other readers and
           -- each build the viewer's sets again.
           SELECT set_config('max_parallel_workers_per_gather', '0', true)
         ), counted AS MATERIALIZED (
           SELECT c.tag, (d.id IS NULL OR (${visibleWithDraftsInBulk}) IS TRUE) AS visible
             FROM (${counted}) c CROSS JOIN LATERAL ${documentCopiesOf('c')}
         ), tally AS (
           SELECT json_object_agg(tag, json_build_array(found, seen)) AS tally
             FROM (SELECT tag, count(*)::int AS found, count(*) FILTER (WHERE visible)::int AS seen
                     FROM counted GROUP BY tag) per_tag
         ), segment (n, lo, hi) AS (VALUES ${segments.join(', ')}
         ), ranged AS MATERIALIZED (
           -- Each range's first tasks up to the page's end, the rule checked once for each.
           SELECT arm.*, (d.id IS NULL OR (${visibleWithDraftsInBulk}) IS TRUE) AS visible,
                  count(*) OVER (PARTITION BY arm.seg, arm.source) AS read
             FROM (${arms.join(' UNION ALL ')}) arm
            CROSS JOIN LATERAL ${documentCopiesOf('arm')}
         ), page AS (
           SELECT r.id, r.document_urgent AS urgent, r.seg, r.due_key, r.created_at
             FROM ranged r WHERE r.visible
            ORDER BY r.seg, r.document_urgent DESC, r.due_key, r.created_at, r.id
            LIMIT $9 OFFSET $10
         )
         -- short: a range read to the page's end held a task the person may not see, so the page may
         -- lack one of its later tasks: read again without the bound.
         SELECT t.*, page.urgent, tally.tally,
                (SELECT bool_or(NOT visible) FROM ranged WHERE read >= $12) AS short
           FROM serial, tally LEFT JOIN (page JOIN tasks t ON t.id = page.id) ON true
          ORDER BY page.seg, page.urgent DESC, page.due_key, page.created_at, page.id`,
          [...base, limit, offset, cap, armLimit],
        );
      let rows = await read(limit + offset);
      if (rows[0]?.short) rows = await read(null);
      const [first] = rows;
      const tally = first?.tally ?? {};
      const count = async (tag: string): Promise<{ n: number; capped: boolean }> => {
        const [found, seen] = tally[tag] ?? [0, 0];
        if (cap === null || found < cap) return { n: seen, capped: false };
        if (seen === cap) return { n: cap - 1, capped: true };
        const [again] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (
             SELECT 1 FROM (${tags[tag]}) c CROSS JOIN LATERAL ${documentCopiesOf('c')}
              WHERE d.id IS NULL OR (${visibleWithDraftsInBulk}) IS TRUE LIMIT $9) visible`,
          [...base, cap],
        );
        return (again?.n ?? 0) >= cap ? { n: cap - 1, capped: true } : { n: again?.n ?? 0, capped: false };
      };
      const mine = await count('mine');
      const unassigned = await count('unassigned');
      const overdue = await count('overdue');
      // Every task is held or not: all is their sum, at least the cap when either stopped.
      const all =
        mine.capped || unassigned.capped
          ? { n: Math.max(mine.n, unassigned.n), capped: true }
          : { n: mine.n + unassigned.n, capped: false };
      const byTag: Record<string, { n: number; capped: boolean }> = { all, mine, unassigned, overdue };
      const wanted = byTag[wantedTag] ?? (await count(wantedTag));
      // An empty page is one row of counts without a task.
      const listed = rows.filter((row) => row.id !== null && row.id !== undefined);
      const items = listed.map((row) => toTask(row as TaskRow));
      const urgentIds = new Set(listed.flatMap((row) => (row.urgent ? [row.id as string] : [])));
      return {
        items,
        urgentIds,
        counts: { all: all.n, mine: mine.n, unassigned: unassigned.n, overdue: overdue.n },
        countsCapped: {
          all: all.capped,
          mine: mine.capped,
          unassigned: unassigned.capped,
          overdue: overdue.capped,
        },
        total: wanted.n,
        totalIsCapped: wanted.capped,
      };
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
      if (current.status !== 'open')
        throw new Conflict(`task ${id} is ${current.status}, not open`, 'refusal.taskNotOpen', {
          id,
          status: current.status,
        });
      throw new Conflict(
        `task ${id} was assigned to someone else in the meantime; reload it`,
        'refusal.taskReassigned',
        { id },
      );
    },
  };
}
