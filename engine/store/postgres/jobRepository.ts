import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db.js';
import { Conflict } from '../../errors.js';
import type { Job, JobKind, JobRepository, JobStatus } from '../workflowPorts.js';

interface JobRow {
  id: string;
  instance_id: string | null;
  definition_id: string | null;
  kind: JobKind;
  element_id: string;
  execution_id: string;
  due_at: Date;
  status: JobStatus;
  locked_by: string | null;
  locked_until: Date | null;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const toJob = (row: JobRow): Job => ({
  id: row.id,
  instanceId: row.instance_id,
  definitionId: row.definition_id,
  kind: row.kind,
  elementId: row.element_id,
  executionId: row.execution_id,
  dueAt: row.due_at,
  status: row.status,
  lockedBy: row.locked_by,
  lockedUntil: row.locked_until,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

export function jobRepository(db: Queryable): JobRepository {
  return {
    async insertIfAbsent(job) {
      const rows = await db.query(
        `INSERT INTO jobs (id, instance_id, kind, element_id, execution_id, due_at, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)
         ON CONFLICT (instance_id, execution_id) DO NOTHING RETURNING id`,
        [randomUUID(), job.instanceId, job.kind, job.elementId, job.executionId, job.dueAt, job.createdAt],
      );
      return rows.length > 0;
    },
    async get(id) {
      const [row] = await db.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
      return row ? toJob(row) : null;
    },
    async listByInstance(instanceId, options = {}) {
      const rows = await db.query<JobRow>(
        `SELECT * FROM jobs WHERE instance_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY due_at, id`,
        [instanceId, options.status ?? null],
      );
      return rows.map(toJob);
    },
    async claimDue({ now, limit, workerId, leaseMs }) {
      // The lease (locked_until) outlives this statement's row locks: a worker that crashes while
      // firing leaves a lease that simply expires, and the job is claimed again.
      const rows = await db.query<JobRow>(
        `UPDATE jobs SET locked_by = $3, locked_until = $4, attempts = attempts + 1
          WHERE id IN (SELECT id FROM jobs
                        WHERE status = 'pending' AND due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
                          AND (jobs.instance_id IS NULL
                               OR EXISTS (SELECT 1 FROM process_instances i
                                           WHERE i.id = jobs.instance_id AND i.status = 'running'))
                        ORDER BY due_at, id LIMIT $2
                        FOR UPDATE SKIP LOCKED)
          RETURNING *`,
        [now, limit, workerId, new Date(now.getTime() + leaseMs)],
      );
      return rows.map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    },
    async finish(instanceId, status, at, executionIds) {
      const rows = await db.query(
        `UPDATE jobs SET status = $2, finished_at = $3, locked_by = NULL, locked_until = NULL
          WHERE instance_id = $1 AND status IN ('pending', 'failed') AND ($4::text[] IS NULL OR execution_id = ANY ($4::text[]))
          RETURNING id`,
        [instanceId, status, at, executionIds ? [...executionIds] : null],
      );
      return rows.length;
    },
    async cancelPendingExcept(instanceId, keepExecutionIds, at) {
      const rows = await db.query(
        `UPDATE jobs SET status = 'cancelled', finished_at = $3, locked_by = NULL, locked_until = NULL
          WHERE instance_id = $1 AND status = 'pending' AND NOT (execution_id = ANY ($2::text[]))
          RETURNING id`,
        [instanceId, [...keepExecutionIds], at],
      );
      return rows.length;
    },
    async scheduleStart(job) {
      const rows = await db.query(
        `INSERT INTO jobs (id, definition_id, kind, element_id, execution_id, due_at, status, created_at)
         VALUES ($1, $2, 'timer_start', $3, $4, $5, 'pending', $6)
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          randomUUID(),
          job.definitionId,
          job.elementId,
          `${job.elementId}@${job.dueAt.toISOString()}`,
          job.dueAt,
          job.createdAt,
        ],
      );
      return rows.length > 0;
    },
    async listStarts(definitionId, elementId) {
      const rows = await db.query<JobRow>(
        `SELECT * FROM jobs WHERE kind = 'timer_start' AND definition_id = $1 AND element_id = $2 ORDER BY due_at, id`,
        [definitionId, elementId],
      );
      return rows.map(toJob);
    },
    async cancelStartsExcept(processKey, keepDefinitionId, at) {
      const rows = await db.query(
        `UPDATE jobs SET status = 'cancelled', finished_at = $3, locked_by = NULL, locked_until = NULL
          WHERE kind = 'timer_start' AND status = 'pending' AND definition_id <> $2
            AND definition_id IN (SELECT id FROM process_definitions WHERE key = $1)
          RETURNING id`,
        [processKey, keepDefinitionId, at],
      );
      return rows.length;
    },
    async finishOne(id, status, at) {
      const rows = await db.query(
        `UPDATE jobs SET status = $2, finished_at = $3, locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND status IN ('pending', 'failed') RETURNING id`,
        [id, status, at],
      );
      if (rows.length === 0) throw new Conflict(`job ${id} is no longer pending`);
    },
    async release(id, error, retryAt) {
      await db.query(
        `UPDATE jobs SET locked_by = NULL, locked_until = $3, last_error = $2 WHERE id = $1 AND status = 'pending'`,
        [id, error, retryAt],
      );
    },
  };
}
