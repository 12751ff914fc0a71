import { describe, expect, it } from '@jest/globals';
import { GENESIS_HASH } from '../../../engine/audit/auditChain.js';
import type { NewAuditEvent } from '../../../engine/store/ports.js';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

class Rollback extends Error {}

const anEvent = (overrides: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  actorId: null,
  actorName: 'system',
  action: 'document.registered',
  objectType: 'document',
  objectId: 'doc-1',
  details: { number: '3-12/2025/1', subject: 'Iesniegums — ēkas jumts' },
  ...overrides,
});

// One file, one store: the trail grows across tests, so each test looks at what it appended.
describeEachPort('audit trail', (subject) => {
  const all = () => subject.store.audit.list({ limit: 100_000 });
  /** Appends and reads the event back as stored. */
  const append = async (event: NewAuditEvent) => {
    await subject.store.audit.append(event);
    const stored = (await all()).at(-1);
    if (!stored) throw new Error('nothing stored');
    return stored;
  };

  describe('append', () => {
    it('writes the events of a transaction in order when it commits, all under one lock', async () => {
      const before = (await all()).length;

      await subject.store.transaction(async (tx) => {
        await tx.audit.append(anEvent({ objectId: 'in-order', action: 'first' }));
        await tx.audit.append(anEvent({ objectId: 'in-order', action: 'second' }));
        // Not written yet, not even as seen from inside the transaction.
        expect((await tx.audit.list({ limit: 100_000 })).length).toBe(before);
      });

      expect((await subject.store.audit.list({ objectId: 'in-order' })).map((e) => e.action)).toEqual([
        'first',
        'second',
      ]);
    });

    it('chains each event to the one before it with gapless sequence numbers', async () => {
      const last = (await all()).at(-1);

      const first = await append(anEvent());
      const second = await append(anEvent({ action: 'document.viewed' }));

      expect(first.seq).toBe((last?.seq ?? 0) + 1);
      expect(first.prevHash).toBe(last?.hash ?? GENESIS_HASH);
      expect(second.seq).toBe(first.seq + 1);
      expect(second.prevHash).toBe(first.hash);
      expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('keeps actor, deputy, object, details and time as given', async () => {
      const deputy = await aUser(subject.store, { displayName: 'Ilze Ozola' });
      const absent = await aUser(subject.store);
      const occurredAt = new Date('2025-05-04T09:30:15.123Z');

      const event = await append(
        anEvent({ actorId: deputy.id, actorName: deputy.username, onBehalfOfId: absent.id, occurredAt }),
      );

      expect(event).toMatchObject({
        occurredAt,
        actorId: deputy.id,
        actorName: deputy.username,
        onBehalfOfId: absent.id,
        objectType: 'document',
        objectId: 'doc-1',
        details: { number: '3-12/2025/1', subject: 'Iesniegums — ēkas jumts' },
      });
    });

    it('gives concurrent writers distinct consecutive numbers and an intact chain', async () => {
      const before = (await all()).length;

      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          subject.store.transaction(async (tx) => {
            await tx.audit.append(anEvent({ objectId: `parallel-${i}` }));
            await tx.audit.append(anEvent({ objectId: `parallel-${i}`, action: 'document.viewed' }));
          }),
        ),
      );

      const seqs = (await all()).slice(before).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => before + i + 1));
      expect(await subject.store.audit.verify()).toEqual({ ok: true, count: before + 100 });
    });

    it('keeps no event of a rolled-back transaction and leaves no gap', async () => {
      const before = await subject.store.audit.verify();

      await expect(
        subject.store.transaction(async (tx) => {
          await tx.audit.append(anEvent({ objectId: 'rolled-back' }));
          throw new Rollback();
        }),
      ).rejects.toBeInstanceOf(Rollback);
      const next = await append(anEvent());

      expect(await subject.store.audit.list({ objectId: 'rolled-back' })).toEqual([]);
      expect(next.seq).toBe(before.count + 1);
    });
  });

  describe('list', () => {
    it('filters by actor, object and period, and pages forward', async () => {
      const actor = await aUser(subject.store);
      const objectId = `filtered-${actor.id}`;
      const at = (iso: string) => new Date(iso);
      await subject.store.audit.append(
        anEvent({ actorId: actor.id, objectId, occurredAt: at('2025-01-10T10:00:00Z') }),
      );
      await subject.store.audit.append(
        anEvent({ actorId: actor.id, objectId, occurredAt: at('2025-02-10T10:00:00Z') }),
      );
      await subject.store.audit.append(anEvent({ objectId, occurredAt: at('2025-02-11T10:00:00Z') }));

      const byActor = await subject.store.audit.list({ actorId: actor.id });
      const inFebruary = await subject.store.audit.list({
        objectType: 'document',
        objectId,
        from: at('2025-02-01T00:00:00Z'),
        to: at('2025-03-01T00:00:00Z'),
      });
      const secondPage = await subject.store.audit.list({
        objectId,
        afterSeq: byActor[0]?.seq ?? 0,
        limit: 1,
      });

      expect(byActor).toHaveLength(2);
      expect(inFebruary).toHaveLength(2);
      expect(secondPage).toEqual([byActor[1]]);
    });
  });

  describe('tamper resistance', () => {
    it('finds the first event whose content was changed behind its back', async () => {
      const event = await append(anEvent({ details: { amount: 100 } }));
      await subject.store.audit.append(anEvent());

      // Someone with the database owner's rights edits the trail past its guard.
      await subject.fixtures.tamperWithAuditEvent(event.seq, { amount: 1 });

      expect(await subject.store.audit.verify()).toMatchObject({ ok: false, brokenAtSeq: event.seq });
    });
  });
});
