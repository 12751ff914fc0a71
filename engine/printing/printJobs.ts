/**
 * Print jobs: a long report printed into a temporary file while the page shows progress, then
 * downloaded. A job belongs to the user who started it (anyone else gets "no such job"), expires a
 * while after it ends and its file is deleted then. Jobs live in this server process: behind a load
 * balancer the progress page must reach the same server (sticky sessions).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Clock } from '../context.js';
import { Conflict, NotFound } from '../errors.js';

export type PrintJobStatus = 'running' | 'done' | 'failed';

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

interface PrintJob extends PrintJobView {
  ownerId: string;
  file: string;
  endedAt: Date | null;
}

export interface PrintJobWork {
  fileName: string;
  contentType: string;
  rowsTotal: number | null;
  /** Prints into `output`, reporting rows done. */
  print(output: Writable, onProgress: (rowsDone: number) => void): Promise<unknown>;
}

/** How long a finished job and its file are kept. */
export const PRINT_JOB_TTL_MS = 15 * 60 * 1000;
/** Running jobs per user at once: more would be someone clicking again and again. */
export const MAX_RUNNING_JOBS_PER_USER = 3;

export class PrintJobs {
  private readonly jobs = new Map<string, PrintJob>();
  private directory: Promise<string> | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = PRINT_JOB_TTL_MS,
  ) {}

  /** Starts printing in the background and returns the job at once. */
  async start(ownerId: string, work: PrintJobWork): Promise<PrintJobView> {
    await this.sweep();
    const running = [...this.jobs.values()].filter(
      (job) => job.ownerId === ownerId && job.status === 'running',
    ).length;
    if (running >= MAX_RUNNING_JOBS_PER_USER)
      throw new Conflict('Too many reports are being printed for you at once; wait for one to finish.');
    this.directory ??= mkdtemp(path.join(os.tmpdir(), 'kanceleja-print-'));
    const id = randomUUID();
    const job: PrintJob = {
      id,
      ownerId,
      status: 'running',
      rowsDone: 0,
      rowsTotal: work.rowsTotal,
      fileName: work.fileName,
      contentType: work.contentType,
      error: null,
      file: path.join(await this.directory, id),
      endedAt: null,
    };
    this.jobs.set(id, job);
    const output = createWriteStream(job.file);
    work
      .print(output, (rowsDone) => {
        job.rowsDone = rowsDone;
      })
      // Ready only once every byte is in the file, not when the printer has handed the last one over.
      .then(() => finished(output))
      .then(
        () => {
          job.status = 'done';
        },
        (error: unknown) => {
          job.status = 'failed';
          job.error = error instanceof Error ? error.message : String(error);
          output.destroy();
          void rm(job.file, { force: true });
        },
      )
      .finally(() => {
        job.endedAt = this.clock.now();
      });
    return present(job);
  }

  /** The job, if it is `ownerId`'s; NotFound otherwise (no hint whether it exists). */
  async get(ownerId: string, id: string): Promise<PrintJobView> {
    await this.sweep();
    return present(this.owned(ownerId, id));
  }

  /** The finished file; NotFound unless the job is done. */
  async open(ownerId: string, id: string): Promise<{ job: PrintJobView; content: Readable }> {
    await this.sweep();
    const job = this.owned(ownerId, id);
    if (job.status !== 'done') throw new NotFound('The report is not ready.');
    return { job: present(job), content: createReadStream(job.file) };
  }

  /** Deletes expired jobs and their files. */
  async sweep(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const job of [...this.jobs.values()]) {
      if (job.endedAt && now - job.endedAt.getTime() > this.ttlMs) {
        this.jobs.delete(job.id);
        await rm(job.file, { force: true });
      }
    }
  }

  /** Deletes every job's file (server shutdown, tests). */
  async close(): Promise<void> {
    this.jobs.clear();
    if (this.directory) await rm(await this.directory, { recursive: true, force: true });
    this.directory = null;
  }

  private owned(ownerId: string, id: string): PrintJob {
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== ownerId) throw new NotFound('No such print job.');
    return job;
  }
}

const present = (job: PrintJob): PrintJobView => ({
  id: job.id,
  status: job.status,
  rowsDone: job.rowsDone,
  rowsTotal: job.rowsTotal,
  fileName: job.fileName,
  contentType: job.contentType,
  error: job.error,
});
