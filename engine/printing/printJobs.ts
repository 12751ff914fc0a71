/**
 * Print jobs: a long report printed in the background while the page shows progress, then
 * downloaded. A job belongs to the user who started it (anyone else gets "no such job"), expires a
 * while after it ends and its output is deleted then.
 *
 * The server that accepts the job prints it (into a temporary file), but the job's status, progress
 * and finished output live in the store (`print_jobs`, migration 0028): behind a load balancer any
 * server answers the progress page and the download. The printing server holds the job by a lease,
 * renewed while it prints; a job whose lease ran out was left by a server that stopped or died, and
 * is failed with a message saying so (the user prints it again), never printed twice.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Clock } from '../context.js';
import { Conflict, NotFound } from '../errors.js';
import type { Store } from '../store/ports.js';
import type { PrintJobStatus, StoredPrintJob } from '../store/printJobPorts.js';

export type { PrintJobStatus } from '../store/printJobPorts.js';

export interface PrintJobView {
  id: string;
  status: PrintJobStatus;
  rowsDone: number;
  /** Null when not known (yet). */
  rowsTotal: number | null;
  fileName: string;
  contentType: string;
  /** Why it failed, for the user. */
  error: string | null;
}

export interface PrintJobWork {
  fileName: string;
  contentType: string;
  rowsTotal: number | null;
  /** Prints into `output`, reporting rows done. */
  print(output: Writable, onProgress: (rowsDone: number) => void): Promise<unknown>;
}

/** How long a finished job and its output are kept. */
export const PRINT_JOB_TTL_MS = 15 * 60 * 1000;
/** Running jobs per user at once: more would be someone clicking again and again. */
export const MAX_RUNNING_JOBS_PER_USER = 3;
/** How long the printing server's hold lasts without being renewed. */
export const PRINT_JOB_LEASE_MS = 60_000;
/** Progress is written at most this often (and the lease renewed with it). */
const PROGRESS_EVERY_MS = 1_000;
/** The finished output is stored in pieces of this size. */
const CHUNK_BYTES = 1024 * 1024;

/** Shown for a job whose server stopped while printing it; the pages say it as `reports.job.serverStopped`. */
export const SERVER_STOPPED =
  'The server printing this report stopped before it was finished; print it again.';

export interface PrintJobsOptions {
  /** Names this server in the job row (host and process id by default). */
  worker?: string;
  ttlMs?: number;
  leaseMs?: number;
}

export class PrintJobs {
  private directory: Promise<string> | null = null;
  private readonly running = new Map<string, Promise<void>>();
  private readonly worker: string;
  private readonly ttlMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly store: Pick<Store, 'printJobs' | 'transaction'>,
    private readonly clock: Clock,
    options: PrintJobsOptions = {},
  ) {
    this.worker = options.worker ?? `${os.hostname()}:${process.pid}`;
    this.ttlMs = options.ttlMs ?? PRINT_JOB_TTL_MS;
    this.leaseMs = options.leaseMs ?? PRINT_JOB_LEASE_MS;
  }

  /** Starts printing in the background (on this server) and returns the job at once. */
  async start(ownerId: string, work: PrintJobWork): Promise<PrintJobView> {
    const now = this.clock.now();
    const id = randomUUID();
    const inserted = await this.store.printJobs.insertIfRoom(
      {
        id,
        ownerId,
        fileName: work.fileName,
        contentType: work.contentType,
        rowsTotal: work.rowsTotal,
        worker: this.worker,
        leaseUntil: this.leaseFrom(now),
        createdAt: now,
      },
      MAX_RUNNING_JOBS_PER_USER,
    );
    if (!inserted)
      throw new Conflict('Too many reports are being printed for you at once; wait for one to finish.');
    this.directory ??= mkdtemp(path.join(os.tmpdir(), 'kanceleja-print-'));
    const file = path.join(await this.directory, id);
    const printing = this.print(id, file, work).finally(() => this.running.delete(id));
    this.running.set(id, printing);
    return {
      id,
      status: 'running',
      rowsDone: 0,
      rowsTotal: work.rowsTotal,
      fileName: work.fileName,
      contentType: work.contentType,
      error: null,
    };
  }

  /** The job, if it is `ownerId`'s; NotFound otherwise (no hint whether it exists). */
  async get(ownerId: string, id: string): Promise<PrintJobView> {
    return present(await this.owned(ownerId, id), this.clock.now());
  }

  /** The finished output; NotFound unless the job is done. */
  async open(ownerId: string, id: string): Promise<{ job: PrintJobView; content: Readable }> {
    const job = present(await this.owned(ownerId, id), this.clock.now());
    if (job.status !== 'done') throw new NotFound('The report is not ready.');
    return { job, content: Readable.from(this.store.printJobs.chunks(id)) };
  }

  /** Fails jobs whose server stopped and deletes expired jobs with their output (any server may). */
  async sweep(): Promise<{ abandoned: number; deleted: number }> {
    const now = this.clock.now();
    return this.store.printJobs.sweep(now, new Date(now.getTime() - this.ttlMs), SERVER_STOPPED);
  }

  /** Waits for the jobs this server prints (tests), or — with `abandon` — fails them (shutdown). */
  async close(options: { abandon?: boolean } = {}): Promise<void> {
    if (options.abandon) {
      const now = this.clock.now();
      await Promise.all(
        [...this.running.keys()].map((id) =>
          this.store.printJobs.markFailed(id, SERVER_STOPPED, now).catch(() => false),
        ),
      );
    }
    await Promise.all([...this.running.values()]);
    if (this.directory) await rm(await this.directory, { recursive: true, force: true });
    this.directory = null;
  }

  private leaseFrom(at: Date): Date {
    return new Date(at.getTime() + this.leaseMs);
  }

  private async print(id: string, file: string, work: PrintJobWork): Promise<void> {
    let rowsDone = 0;
    let written = 0; // when progress was last written
    let writing: Promise<void> = Promise.resolve();
    const renew = (): void => {
      written = Date.now();
      const rows = rowsDone;
      writing = writing
        .then(() => this.store.printJobs.progress(id, rows, this.leaseFrom(this.clock.now())))
        .catch(() => undefined);
    };
    // The lease is renewed even while no row is printed (a slow first page, a busy database).
    const heartbeat = setInterval(renew, Math.max(1_000, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    const output = createWriteStream(file);
    try {
      await work.print(output, (rows) => {
        rowsDone = rows;
        if (Date.now() - written >= PROGRESS_EVERY_MS) renew();
      });
      // Ready only once every byte is in the file, not when the printer has handed the last one over.
      if (!output.writableEnded) output.end();
      await finished(output);
      clearInterval(heartbeat);
      await writing;
      await this.store.transaction(async (tx) => {
        let seq = 0;
        let size = 0;
        for await (const piece of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
          const bytes = piece as Buffer;
          await tx.printJobs.appendChunk(id, seq, bytes);
          seq += 1;
          size += bytes.length;
        }
        // A job failed meanwhile (its lease ran out) keeps its failure: the output is not kept.
        if (!(await tx.printJobs.markDone(id, rowsDone, size, this.clock.now())))
          throw new Conflict(`print job ${id} is no longer running`);
      });
    } catch (error) {
      clearInterval(heartbeat);
      output.destroy();
      await writing;
      const reason = error instanceof Error ? error.message : String(error);
      await this.store.printJobs.markFailed(id, reason, this.clock.now()).catch(() => false);
    } finally {
      await rm(file, { force: true });
    }
  }

  private async owned(ownerId: string, id: string): Promise<StoredPrintJob> {
    const job = await this.store.printJobs.get(id);
    const now = this.clock.now().getTime();
    const expired = job?.endedAt && now - job.endedAt.getTime() > this.ttlMs;
    if (!job || job.ownerId !== ownerId || expired) throw new NotFound('No such print job.');
    return job;
  }
}

/** A running job whose lease ran out is shown as what it is (the next sweep records it). */
const present = (job: StoredPrintJob, now: Date): PrintJobView => {
  const abandoned = job.status === 'running' && job.leaseUntil !== null && job.leaseUntil < now;
  return {
    id: job.id,
    status: abandoned ? 'failed' : job.status,
    rowsDone: job.rowsDone,
    rowsTotal: job.rowsTotal,
    fileName: job.fileName,
    contentType: job.contentType,
    error: abandoned ? SERVER_STOPPED : job.error,
  };
};
