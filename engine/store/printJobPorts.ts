/**
 * Port of print jobs (issue 19, part 3): a report printed in the background by one app server,
 * its progress and output kept in the store so that every server answers for it.
 */

export type PrintJobStatus = 'running' | 'done' | 'failed';

export interface StoredPrintJob {
  id: string;
  ownerId: string;
  status: PrintJobStatus;
  rowsDone: number;
  rowsTotal: number | null;
  fileName: string;
  contentType: string;
  error: string | null;
  /** The server printing it. */
  worker: string;
  /** Until when the printing server holds the job; renewed while it prints. */
  leaseUntil: Date | null;
  /** Bytes of output, once done. */
  size: number | null;
  createdAt: Date;
  endedAt: Date | null;
}

export interface NewPrintJob {
  id: string;
  ownerId: string;
  fileName: string;
  contentType: string;
  rowsTotal: number | null;
  worker: string;
  leaseUntil: Date;
  createdAt: Date;
}

export interface PrintJobRepository {
  /**
   * Inserts the job as running unless its owner already has `maxRunning` running jobs whose lease
   * holds at `createdAt`; false then (nothing inserted).
   */
  insertIfRoom(job: NewPrintJob, maxRunning: number): Promise<boolean>;
  get(id: string): Promise<StoredPrintJob | null>;
  /** Progress and a renewed lease, while the job is running. */
  progress(id: string, rowsDone: number, leaseUntil: Date): Promise<void>;
  /** Adds one piece of output (call before `markDone`, in the same transaction). */
  appendChunk(id: string, seq: number, data: Uint8Array): Promise<void>;
  /** Done with `size` bytes of output; false when the job is no longer running (nothing changed). */
  markDone(id: string, rowsDone: number, size: number, at: Date): Promise<boolean>;
  /** Failed with `error`, its output deleted; false when the job is no longer running. */
  markFailed(id: string, error: string, at: Date): Promise<boolean>;
  /** The output's pieces in order, read one at a time. */
  chunks(id: string): AsyncIterable<Uint8Array>;
  /**
   * Fails the running jobs whose lease ran out before `now` (their server stopped) with `error`,
   * and deletes the jobs that ended before `endedBefore` with their output. Counts of each.
   */
  sweep(now: Date, endedBefore: Date, error: string): Promise<{ abandoned: number; deleted: number }>;
}
