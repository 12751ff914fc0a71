import { afterAll, expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../engine/errors.js';
import {
  MAX_RUNNING_JOBS_PER_USER,
  PRINT_JOB_LEASE_MS,
  PRINT_JOB_TTL_MS,
  PrintJobs,
  SERVER_STOPPED,
} from '../../engine/printing/printJobs.js';
import { describeEachStore } from '../support/testStores.js';
import { testClock } from '../support/testClock.js';

const until = async (done: () => Promise<boolean>): Promise<void> => {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 5));
};

const read = async (content: AsyncIterable<unknown>): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

describeEachStore('print jobs', (subject) => {
  const clock = testClock();
  // Two servers on one database: A prints, B answers for the job all the same.
  let serverA: PrintJobs;
  let serverB: PrintJobs;
  const servers = () => {
    serverA ??= new PrintJobs(subject.store, clock, { worker: 'a' });
    serverB ??= new PrintJobs(subject.store, clock, { worker: 'b' });
    return { a: serverA, b: serverB };
  };
  afterAll(async () => {
    await serverA?.close();
    await serverB?.close();
  });

  it('reports progress on any server, belongs to its user, and is deleted once expired', async () => {
    const { a, b } = servers();
    // given a job that prints three rows on server A
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let progressed = (): void => undefined;
    const twoRows = new Promise<void>((resolve) => (progressed = resolve));
    const job = await a.start('anna', {
      fileName: 'journal.csv',
      contentType: 'text/csv',
      rowsTotal: 3,
      async print(output, onProgress) {
        onProgress(2);
        progressed();
        await gate;
        output.end('a;b\r\n'.repeat(400_000)); // 2 MB: stored in more than one piece
        onProgress(3);
      },
    });
    await twoRows;
    // then, while it runs, server B sees it (the progress written at the first row)
    await until(async () => (await b.get('anna', job.id)).rowsDone === 2);
    expect(await b.get('anna', job.id)).toMatchObject({ status: 'running', rowsDone: 2, rowsTotal: 3 });
    await expect(b.get('peteris', job.id)).rejects.toBeInstanceOf(NotFound);
    await expect(b.open('anna', job.id)).rejects.toBeInstanceOf(NotFound);
    await expect(b.get('anna', 'not-a-uuid')).rejects.toBeInstanceOf(NotFound);
    // when it ends
    release();
    await until(async () => (await b.get('anna', job.id)).status === 'done');
    expect(await b.get('anna', job.id)).toMatchObject({ rowsDone: 3 });
    // then both servers hand out the same output
    const expected = 'a;b\r\n'.repeat(400_000);
    expect(await read((await b.open('anna', job.id)).content)).toBe(expected);
    expect(await read((await a.open('anna', job.id)).content)).toBe(expected);
    // and once it has expired, it is gone with its output
    clock.advance(PRINT_JOB_TTL_MS + 1);
    await expect(b.get('anna', job.id)).rejects.toBeInstanceOf(NotFound);
    expect((await b.sweep()).deleted).toBeGreaterThanOrEqual(1);
    expect(await subject.store.printJobs.get(job.id)).toBeNull();
    expect(await read(subject.store.printJobs.chunks(job.id))).toBe('');
  });

  it('keeps the reason of a failed job and no output', async () => {
    const { a, b } = servers();
    const job = await a.start('anna', {
      fileName: 'journal.pdf',
      contentType: 'application/pdf',
      rowsTotal: null,
      print: async () => {
        throw new Error('line 3: "subjekt" is not a field here');
      },
    });
    await until(async () => (await b.get('anna', job.id)).status !== 'running');
    expect(await b.get('anna', job.id)).toMatchObject({
      status: 'failed',
      error: 'line 3: "subjekt" is not a field here',
    });
  });

  it('fails a job whose server stopped, and counts only held jobs toward the limit', async () => {
    const { b } = servers();
    // given jobs held by a server that died (never renewed, never ended)
    const start = clock.now();
    for (let i = 0; i < MAX_RUNNING_JOBS_PER_USER; i += 1) {
      expect(
        await subject.store.printJobs.insertIfRoom(
          {
            id: `0b7e2c9a-0000-4000-8000-00000000000${i}`,
            ownerId: 'janis',
            fileName: 'journal.pdf',
            contentType: 'application/pdf',
            rowsTotal: 10,
            worker: 'gone',
            leaseUntil: new Date(start.getTime() + PRINT_JOB_LEASE_MS),
            createdAt: start,
          },
          MAX_RUNNING_JOBS_PER_USER,
        ),
      ).toBe(true);
    }
    const work = {
      fileName: 'j.csv',
      contentType: 'text/csv',
      rowsTotal: 0,
      print: async (output: NodeJS.WritableStream) => void output.end(''),
    };
    // then the user may not start another while they are held
    await expect(b.start('janis', work)).rejects.toBeInstanceOf(Conflict);
    // when the lease runs out
    clock.advance(PRINT_JOB_LEASE_MS + 1);
    const abandoned = '0b7e2c9a-0000-4000-8000-000000000000';
    expect(await b.get('janis', abandoned)).toMatchObject({ status: 'failed', error: SERVER_STOPPED });
    expect((await b.sweep()).abandoned).toBe(MAX_RUNNING_JOBS_PER_USER);
    expect(await subject.store.printJobs.get(abandoned)).toMatchObject({ status: 'failed' });
    // and a new job may start
    const fresh = await b.start('janis', work);
    await until(async () => (await b.get('janis', fresh.id)).status === 'done');
  });
});
