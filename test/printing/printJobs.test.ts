import { access } from 'node:fs/promises';
import { afterAll, describe, expect, it } from '@jest/globals';
import { NotFound } from '../../engine/errors.js';
import { PRINT_JOB_TTL_MS, PrintJobs } from '../../engine/printing/printJobs.js';
import { testClock } from '../support/testClock.js';

describe('print jobs', () => {
  const clock = testClock();
  const jobs = new PrintJobs(clock);
  afterAll(() => jobs.close());

  const until = async (done: () => Promise<boolean>): Promise<void> => {
    while (!(await done())) await new Promise((resolve) => setImmediate(resolve));
  };

  it('reports progress, belongs to its user, and is deleted with its file once expired', async () => {
    // given a job that prints three rows
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = await jobs.start('anna', {
      fileName: 'journal.csv',
      contentType: 'text/csv',
      rowsTotal: 3,
      async print(output, onProgress) {
        onProgress(2);
        await gate;
        output.end('a;b\r\n');
        onProgress(3);
      },
    });
    // then, while it runs
    expect(await jobs.get('anna', job.id)).toMatchObject({ status: 'running', rowsDone: 2, rowsTotal: 3 });
    await expect(jobs.get('peteris', job.id)).rejects.toBeInstanceOf(NotFound);
    await expect(jobs.open('anna', job.id)).rejects.toBeInstanceOf(NotFound);
    // when it ends
    release();
    await until(async () => (await jobs.get('anna', job.id)).status === 'done');
    const { content } = await jobs.open('anna', job.id);
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('a;b\r\n');
    const file = (content as unknown as { path: string }).path;
    // and when it has expired
    clock.advance(PRINT_JOB_TTL_MS + 1);
    await expect(jobs.get('anna', job.id)).rejects.toBeInstanceOf(NotFound);
    await expect(access(file)).rejects.toThrow();
  });

  it('keeps the reason of a failed job and no file', async () => {
    const job = await jobs.start('anna', {
      fileName: 'journal.pdf',
      contentType: 'application/pdf',
      rowsTotal: null,
      print: async () => {
        throw new Error('line 3: "subjekt" is not a field here');
      },
    });
    await until(async () => (await jobs.get('anna', job.id)).status !== 'running');
    expect(await jobs.get('anna', job.id)).toMatchObject({
      status: 'failed',
      error: 'line 3: "subjekt" is not a field here',
    });
  });
});
