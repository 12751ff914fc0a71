/**
 * A document's priority: set at registration, changed by the registry and the heads (audited, not
 * by executors, not on a closed document), found and ranked in the register, and ranked first in
 * the inbox of those working on it.
 */
import { expect, it } from '@jest/globals';
import { Conflict, Forbidden, Invalid, NotFound } from '../../engine/errors.js';
import { setDocumentPriority } from '../../engine/records/documentPriority.js';
import { searchDocuments } from '../../engine/records/documents.js';
import { listInbox } from '../../engine/records/inbox.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { describeEachStore } from '../support/testStores.js';
import { aRecordsWorld, type RecordsWorld } from './recordsWorld.js';

const register = (world: RecordsWorld, subject: string, priority?: string) =>
  registerDocument(world.ctx(world.registrar), {
    registerId: world.incoming.id,
    subject,
    ...(priority === undefined ? {} : { priority }),
  });

describeEachStore('document priority', (subject) => {
  it('is normal unless the registrar marks the document urgent when registering it', async () => {
    const world = await aRecordsWorld(subject.store);

    const plain = await register(world, 'Par koku ciršanu');
    const urgent = await register(world, 'Avārija ūdensvadā', 'urgent');

    expect(plain.document.priority).toBe('normal');
    expect(urgent.document.priority).toBe('urgent');
    const [event] = await subject.store.audit.list({ objectType: 'document', objectId: urgent.document.id });
    expect(event?.details).toMatchObject({ priority: 'urgent' });
  });

  it('refuses a priority it does not know, registering nothing and using no number', async () => {
    const world = await aRecordsWorld(subject.store);

    const refused = await register(world, 'Par ielu', 'very').catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).problems).toEqual([
      expect.objectContaining({
        field: 'priority',
        message: 'must be one of normal, urgent',
        code: 'problem.oneOf',
        params: { values: 'normal, urgent' },
      }),
    ]);
    const next = await register(world, 'Par ielu');
    expect(next.document.registrationNumber).toMatch(/\/1$/);
  });

  it('is changed by the registry and the heads, each change in the audit trail', async () => {
    const world = await aRecordsWorld(subject.store);
    const { document } = await register(world, 'Par koku ciršanu');

    const urgent = await setDocumentPriority(world.ctx(world.head), {
      documentId: document.id,
      priority: 'urgent',
    });
    const normal = await setDocumentPriority(world.ctx(world.registrar), {
      documentId: document.id,
      priority: 'normal',
      expectedVersion: urgent.version,
    });

    expect(urgent.priority).toBe('urgent');
    expect(normal.priority).toBe('normal');
    const events = await subject.store.audit.list({ objectType: 'document', objectId: document.id });
    expect(events.filter((e) => e.action === 'document.priority_set').map((e) => e.details)).toEqual([
      { from: 'normal', to: 'urgent' },
      { from: 'urgent', to: 'normal' },
    ]);
  });

  it('is not changed by an executor or an auditor, on a stale version, on a closed document, or on a hidden one', async () => {
    const world = await aRecordsWorld(subject.store);
    const { document } = await register(world, 'Par koku ciršanu');
    const change = (actor: typeof world.head, props: { expectedVersion?: number; priority?: string } = {}) =>
      setDocumentPriority(world.ctx(actor), { documentId: document.id, priority: 'urgent', ...props }).catch(
        (error: unknown) => error,
      );

    expect(await change(world.auditor)).toBeInstanceOf(Forbidden);
    // The executor has not been given the document: it does not exist for them.
    expect(await change(world.executor)).toBeInstanceOf(NotFound);
    expect(await change(world.head, { expectedVersion: document.version + 5 })).toBeInstanceOf(Conflict);
    expect(await change(world.head, { priority: 'now' })).toBeInstanceOf(Invalid);
    await subject.store.documents.setStatus(document.id, document.version, 'closed');
    expect(await change(world.head)).toBeInstanceOf(Conflict);

    const events = await subject.store.audit.list({ objectType: 'document', objectId: document.id });
    expect(events.map((e) => e.action)).not.toContain('document.priority_set');
  });

  it('is a filter and an order of the register', async () => {
    const world = await aRecordsWorld(subject.store);
    const first = await register(world, 'Pirmais iesniegums');
    const urgent = await register(world, 'Steidzams iesniegums', 'urgent');
    const last = await register(world, 'Pēdējais iesniegums');
    const ctx = world.ctx(world.registrar);

    const onlyUrgent = await searchDocuments(ctx, { registerId: world.incoming.id, priority: 'urgent' });
    const urgentFirst = await searchDocuments(ctx, { registerId: world.incoming.id, sort: 'priority' });
    const refused = await searchDocuments(ctx, { priority: 'high' as 'urgent' }).catch((e: unknown) => e);

    expect(onlyUrgent.items.map((d) => d.id)).toEqual([urgent.document.id]);
    expect(urgentFirst.items.map((d) => d.id)).toEqual([
      urgent.document.id,
      last.document.id,
      first.document.id,
    ]);
    expect(refused).toBeInstanceOf(Invalid);
  });

  it('marks and ranks the tasks of urgent documents in the inbox', async () => {
    const world = await aRecordsWorld(subject.store);
    const plain = await register(world, 'Parasts iesniegums');
    world.clock.advance(60_000);
    const urgent = await register(world, 'Steidzams iesniegums', 'urgent');
    const ours = new Set([plain.document.id, urgent.document.id]);

    const inbox = await listInbox(world.ctx(world.head), { scope: 'all', pageSize: 500 });

    const listed = inbox.entries.filter((e) => e.document && ours.has(e.document.id));
    expect(listed.map((e) => [e.document?.id, e.urgent])).toEqual([
      [urgent.document.id, true],
      [plain.document.id, false],
    ]);
    const byPriority = await listInbox(world.ctx(world.head), {
      scope: 'all',
      sort: 'priority',
      pageSize: 1,
    });
    expect(byPriority.entries[0]?.urgent).toBe(true);
  });
});
