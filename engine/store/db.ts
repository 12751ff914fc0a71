/**
 * The small SQL interface both PostgreSQL drivers (embedded PGlite, a `pg` pool) implement.
 * Repositories are written once against it; the same SQL and migrations run on both.
 */

import type { PoolStats } from './operationsPorts.js';

export type SqlParam = string | number | boolean | null | Date | Uint8Array | readonly unknown[] | object;

export interface Queryable {
  /** Runs one statement with `$1…$n` parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction on one connection: commits when it resolves, rolls back when it
   * throws (and rethrows). Transactions do not nest.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the connection(s); closing again does nothing. */
  close(): Promise<void>;
  /**
   * Whether the database answered a query within the last `ms` milliseconds and is still open. Only
   * the embedded database says (its one connection is held by each transaction in turn); a server's
   * pool leaves it out.
   */
  answeredWithin?(ms: number): boolean;
  /** The connection pool's state (a `pg` pool); the embedded database has one connection and leaves it out. */
  poolStats?(): PoolStats;
}
