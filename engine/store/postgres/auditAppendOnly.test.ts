/** The PostgreSQL adapter keeps the audit trail append-only in the database itself (a trigger). */
import { expect, it } from '@jest/globals';
import { describeEachStore } from '../../../test/support/testStores.js';

describeEachStore('the audit table on PostgreSQL', (subject) => {
  it('refuses to update, delete or truncate stored events', async () => {
    await subject.store.audit.append({
      actorId: null,
      actorName: 'system',
      action: 'document.registered',
      objectType: 'document',
      objectId: 'doc-1',
      details: { number: '3-12/2025/1' },
    });
    const [event] = await subject.store.audit.list({ limit: 1 });
    if (!event) throw new Error('nothing stored');

    await expect(
      subject.db.query(`UPDATE audit_events SET actor_name = 'someone else' WHERE seq = $1`, [event.seq]),
    ).rejects.toThrow(/append-only/);
    await expect(subject.db.query('DELETE FROM audit_events WHERE seq = $1', [event.seq])).rejects.toThrow(
      /append-only/,
    );
    await expect(subject.db.exec('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
  });
});
