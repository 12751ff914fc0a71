/**
 * The figures `/metrics` reads at each scrape: one short query over partial indexes (the outbox's
 * waiting mails, pending jobs), never a scan of sent mail or finished jobs.
 */
import type { Queryable } from '../db.js';
import type { OperationalFigures } from '../operationsPorts.js';

export async function operationalFigures(
  db: Pick<Queryable, 'query'>,
  now: Date,
): Promise<OperationalFigures> {
  const [row] = await db.query<{
    outbox: Record<string, number> | null;
    jobs_overdue: number;
    oldest_due: Date | null;
    open_incidents: number;
  }>(
    `SELECT (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM mail_outbox WHERE status IN ('queued', 'sending') GROUP BY status) s) AS outbox,
            (SELECT count(*) FROM jobs WHERE status = 'pending' AND due_at <= $1) AS jobs_overdue,
            (SELECT min(due_at) FROM jobs WHERE status = 'pending' AND due_at <= $1) AS oldest_due,
            (SELECT count(*) FROM incidents WHERE status = 'open') AS open_incidents`,
    [now],
  );
  const mailOutbox: Record<string, number> = { queued: 0, sending: 0 };
  for (const [status, count] of Object.entries(row?.outbox ?? {})) mailOutbox[status] = Number(count);
  const oldest = row?.oldest_due ? new Date(row.oldest_due) : null;
  return {
    mailOutbox,
    jobsOverdue: Number(row?.jobs_overdue ?? 0),
    oldestOverdueJobSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
    openIncidents: Number(row?.open_incidents ?? 0),
  };
}
