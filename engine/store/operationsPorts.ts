/**
 * What a store tells operations (the `/metrics` endpoint, `docs/operations.md`): events observed on
 * committed work, and figures read at a scrape. Plain types, no driver or metrics library.
 */

/** Something the store committed, as `observeStore` reports it (after the transaction commits). */
export type StoreEvent =
  /** An audit event was written (`document.registered`, `process.started`, …). */
  | { kind: 'audit'; action: string; register: string | null }
  /** A process instance was saved by a step (started or moved on). */
  | { kind: 'step'; processKey: string }
  /** An incident was raised on an instance. */
  | { kind: 'incident' }
  /** The scheduler claimed a due job, `lagSeconds` after it was due, on its `attempt`-th try. */
  | { kind: 'job_claimed'; lagSeconds: number; attempt: number }
  /** A claimed job failed and was given back to be retried later. */
  | { kind: 'job_retry' }
  /** A notification mail was sent. */
  | { kind: 'mail_sent' }
  /** Sending a mail failed: retried later, or given up. */
  | { kind: 'mail_failed'; gaveUp: boolean };

/** Figures read from the database when metrics are scraped. */
export interface OperationalFigures {
  /** Mails waiting in the outbox per status (`queued`, `sending`). */
  mailOutbox: Record<string, number>;
  /** Pending jobs whose due time has passed. */
  jobsOverdue: number;
  /** Seconds since the oldest overdue pending job was due; 0 when none is. */
  oldestOverdueJobSeconds: number;
  /** Incidents not resolved yet. */
  openIncidents: number;
}

/** A connection pool's state, where the driver tells it (a `pg` pool; PGlite has one connection). */
export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Callers waiting for a connection. */
  waiting: number;
}
