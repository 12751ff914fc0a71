/** The contract suite's fixtures on PostgreSQL (see testFixturePorts.ts). */
import type { Db } from '../db.js';
import type { StoreFixtures } from '../testFixturePorts.js';

export function postgresFixtures(db: Db): StoreFixtures {
  return {
    async tamperWithAuditEvent(seq, details) {
      // The owner switches the append-only trigger off for the one change, in one transaction.
      await db.transaction(async (tx) => {
        await tx.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
        await tx.query('UPDATE audit_events SET details = $2::jsonb WHERE seq = $1', [
          seq,
          JSON.stringify(details),
        ]);
        await tx.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
      });
    },
  };
}
