import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type { PrintJobRepository, PrintJobStatus, StoredPrintJob } from '../printJobPorts.js';

interface PrintJobRow {
  id: string;
  owner_id: string;
  status: PrintJobStatus;
  rows_done: number;
  rows_total: number | null;
  file_name: string;
  content_type: string;
  error: string | null;
  worker: string;
  lease_until: Date | null;
  size: string | number | null;
  created_at: Date;
  ended_at: Date | null;
}

const date = (value: Date | null): Date | null => (value === null ? null : new Date(value));

const toJob = (row: PrintJobRow): StoredPrintJob => ({
  id: row.id,
  ownerId: row.owner_id,
  status: row.status,
  rowsDone: row.rows_done,
  rowsTotal: row.rows_total,
  fileName: row.file_name,
  contentType: row.content_type,
  error: row.error,
  worker: row.worker,
  leaseUntil: date(row.lease_until),
  size: row.size === null ? null : Number(row.size),
  createdAt: new Date(row.created_at),
  endedAt: date(row.ended_at),
});

export function printJobRepository(db: Queryable): PrintJobRepository {
  return {
    async insertIfRoom(job, maxRunning) {
      const rows = await db.query(
        `INSERT INTO print_jobs (id, owner_id, status, rows_total, file_name, content_type, worker, lease_until, created_at)
         SELECT $1, $2, 'running', $3, $4, $5, $6, $7, $8
          WHERE (SELECT count(*) FROM print_jobs
                  WHERE owner_id = $2 AND status = 'running' AND lease_until > $8) < $9
         RETURNING id`,
        [
          job.id,
          job.ownerId,
          job.rowsTotal,
          job.fileName,
          job.contentType,
          job.worker,
          job.leaseUntil,
          job.createdAt,
          maxRunning,
        ],
      );
      return rows.length > 0;
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<PrintJobRow>('SELECT * FROM print_jobs WHERE id = $1', [id]);
      return row ? toJob(row) : null;
    },
    async progress(id, rowsDone, leaseUntil) {
      await db.query(
        `UPDATE print_jobs SET rows_done = $2, lease_until = $3 WHERE id = $1 AND status = 'running'`,
        [id, rowsDone, leaseUntil],
      );
    },
    async appendChunk(id, seq, data) {
      await db.query('INSERT INTO print_job_chunks (job_id, seq, data) VALUES ($1, $2, $3)', [
        id,
        seq,
        Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      ]);
    },
    async markDone(id, rowsDone, size, at) {
      const rows = await db.query(
        `UPDATE print_jobs SET status = 'done', rows_done = $2, size = $3, ended_at = $4, lease_until = NULL
          WHERE id = $1 AND status = 'running' RETURNING id`,
        [id, rowsDone, size, at],
      );
      return rows.length > 0;
    },
    async markFailed(id, error, at) {
      const rows = await db.query(
        `UPDATE print_jobs SET status = 'failed', error = $2, ended_at = $3, lease_until = NULL
          WHERE id = $1 AND status = 'running' RETURNING id`,
        [id, error.slice(0, 2000), at],
      );
      if (rows.length > 0) await db.query('DELETE FROM print_job_chunks WHERE job_id = $1', [id]);
      return rows.length > 0;
    },
    async *chunks(id) {
      for (let seq = 0; ; seq += 1) {
        const [row] = await db.query<{ data: Uint8Array }>(
          'SELECT data FROM print_job_chunks WHERE job_id = $1 AND seq = $2',
          [id, seq],
        );
        if (!row) return;
        yield row.data;
      }
    },
    async sweep(now, endedBefore, error) {
      const abandoned = await db.query(
        `UPDATE print_jobs SET status = 'failed', error = $2, ended_at = $1, lease_until = NULL
          WHERE status = 'running' AND lease_until < $1 RETURNING id`,
        [now, error],
      );
      const deleted = await db.query(
        'DELETE FROM print_jobs WHERE ended_at IS NOT NULL AND ended_at < $1 RETURNING id',
        [endedBefore],
      );
      return { abandoned: abandoned.length, deleted: deleted.length };
    },
  };
}
