import { expect, it } from '@jest/globals';
import { createMetrics } from '../../web/metrics/metrics.js';
import { describeEachStore } from '../../test/support/testStores.js';
import { observeStore } from './observedStore.js';
import type { StoreEvent } from './operationsPorts.js';

const anEvent = (action: string) => ({
  actorId: null,
  actorName: 'observer test',
  action,
  objectType: 'test',
  details: { register: 'IEN' },
});

describeEachStore('observeStore', (subject) => {
  it('reports audit events once their transaction commits, and none of a transaction rolled back', async () => {
    // given
    const seen: StoreEvent[] = [];
    const store = observeStore(subject.store, (event) => seen.push(event));

    // when
    await store.transaction(async (tx) => {
      await tx.audit.append(anEvent('test.committed'));
      expect(seen).toEqual([]);
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.audit.append(anEvent('test.rolled_back'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await store.audit.append(anEvent('test.alone'));

    // then
    expect(seen).toEqual([
      { kind: 'audit', action: 'test.committed', register: 'IEN' },
      { kind: 'audit', action: 'test.alone', register: 'IEN' },
    ]);
  });

  it('keeps working when a listener throws', async () => {
    // given
    const store = observeStore(subject.store, () => {
      throw new Error('a broken listener');
    });

    // when, then
    await expect(
      store.transaction((tx) => tx.audit.append(anEvent('test.listener_broken'))),
    ).resolves.toBeUndefined();
  });

  it('reads the outbox depth, overdue jobs and open incidents, and the pool where there is one', async () => {
    // when
    const figures = await subject.store.operationalFigures?.(new Date());
    const pool = subject.store.poolStats?.();

    // then
    expect(figures).toEqual({
      mailOutbox: { queued: expect.any(Number), sending: expect.any(Number) },
      jobsOverdue: expect.any(Number),
      oldestOverdueJobSeconds: expect.any(Number),
      openIncidents: expect.any(Number),
    });
    if (subject.adapter === 'postgres') {
      expect(pool).toEqual({
        max: 20,
        total: expect.any(Number),
        idle: expect.any(Number),
        waiting: expect.any(Number),
      });
    } else {
      expect(pool).toBeNull();
    }
  });

  it('gives the metrics the figures at a scrape', async () => {
    // given
    const metrics = createMetrics({ token: 'x'.repeat(32) });
    const store = observeStore(subject.store, metrics.onStoreEvent);
    metrics.readFrom(store);
    await store.audit.append({ ...anEvent('document.registered') });

    // when
    const text = await metrics.registry.metrics();

    // then
    expect(text).toContain('kanceleja_documents_registered_total{register="IEN"} 1');
    expect(text).toContain('kanceleja_mail_outbox_depth{status="queued"}');
    expect(text).toMatch(/^kanceleja_incidents_open \d+$/m);
    expect(text).toMatch(/^kanceleja_jobs_overdue \d+$/m);
    if (subject.adapter === 'postgres')
      expect(text).toContain('kanceleja_db_pool_connections{state="max"} 20');
    else expect(text).not.toContain('kanceleja_db_pool_connections{');
  });
});
