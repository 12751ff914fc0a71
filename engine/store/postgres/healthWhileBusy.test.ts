/**
 * The health check's database question on the embedded store (issue 12): PGlite has one connection,
 * and a workflow step holds it for its whole transaction. While the database keeps answering that
 * transaction's queries, the health check is answered from the migration it last read instead of
 * queueing behind the step; an idle database is asked afresh, and a closed one fails.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { createTestStore, storeAdapters } from '../../../test/support/storeAdapters.js';

const pglite = storeAdapters.find((adapter) => adapter.name === 'pglite');
if (!pglite) throw new Error('no PGlite adapter');

describe('the embedded store asked for its migration by the health check', () => {
  let dispose: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await dispose?.();
    dispose = null;
  });

  it('answers while a transaction that is still answering holds the one connection', async () => {
    // given
    const subject = await createTestStore(pglite);
    dispose = subject.dispose;
    const migration = await subject.store.migration();
    expect(migration).toMatch(/^\d{4}_/);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let queried = (): void => {};
    const inside = new Promise<void>((resolve) => (queried = resolve));
    const step = subject.store.transaction(async (tx) => {
      await tx.users.list();
      queried();
      await held;
    });
    await inside;

    // when: the transaction still holds the connection
    const answer = await Promise.race([
      subject.store.migration(),
      step.then(() => 'waited for the transaction' as const),
    ]);

    // then
    expect(answer).toBe(migration);
    release();
    await step;
  });

  it('fails once the database is closed', async () => {
    // given
    const subject = await createTestStore(pglite);
    await subject.store.migration();
    await subject.store.close();

    // then
    await expect(subject.store.migration()).rejects.toThrow();
    dispose = subject.dispose;
  });
});
