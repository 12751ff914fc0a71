import { type ChainedContent, chainHash, GENESIS_HASH } from '../../audit/auditChain.js';
import type { Queryable } from '../db.js';
import type { AuditEvent, AuditRepository, JsonValue, NewAuditEvent } from '../ports.js';

interface AuditRow {
  seq: number;
  occurred_at: Date;
  actor_id: string | null;
  actor_name: string;
  on_behalf_of_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  details: { [key: string]: JsonValue };
  prev_hash: string;
  hash: string;
}

const toEvent = (row: AuditRow): AuditEvent => ({
  seq: row.seq,
  occurredAt: row.occurred_at,
  actorId: row.actor_id,
  actorName: row.actor_name,
  onBehalfOfId: row.on_behalf_of_id,
  action: row.action,
  objectType: row.object_type,
  objectId: row.object_id,
  details: row.details,
  prevHash: row.prev_hash,
  hash: row.hash,
});

const VERIFY_BATCH = 1000;

/**
 * Writes events at the end of the chain, inside the caller's transaction. Locking the chain head
 * serialises writers (gapless seq, each hash covering its predecessor), so a transaction calls this
 * once, just before it commits (see postgresStore.ts): the lock is then held for milliseconds.
 */
export async function writeAuditEvents(
  db: Queryable,
  events: readonly NewAuditEvent[],
): Promise<AuditEvent[]> {
  if (events.length === 0) return [];
  const [head] = await db.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE',
  );
  if (!head) throw new Error('audit_head row is missing: the database was not migrated');
  let { seq, hash: prevHash } = head;
  const chainedEvents: (ChainedContent & { prevHash: string; hash: string })[] = [];
  for (const event of events) {
    seq += 1;
    // Round to whole milliseconds: what JavaScript can read back is what the hash must cover.
    const occurredAt = new Date((event.occurredAt ?? new Date()).getTime());
    const chained: ChainedContent = {
      seq,
      occurredAt,
      actorId: event.actorId,
      actorName: event.actorName,
      onBehalfOfId: event.onBehalfOfId ?? null,
      action: event.action,
      objectType: event.objectType,
      objectId: event.objectId ?? null,
      details: event.details ?? {},
    };
    const hash = chainHash(prevHash, chained);
    chainedEvents.push({ ...chained, prevHash, hash });
    prevHash = hash;
  }
  // One round trip while the chain head is locked: every event of the transaction and the new head.
  const column = <T>(pick: (event: (typeof chainedEvents)[number]) => T): T[] => chainedEvents.map(pick);
  const rows = await db.query<AuditRow>(
    `WITH written AS (
       INSERT INTO audit_events (seq, occurred_at, actor_id, actor_name, on_behalf_of_id, action, object_type,
                                 object_id, details, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::uuid[], $6::text[],
                            $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[])
       RETURNING *
     ), head AS (
       UPDATE audit_head SET seq = $12, hash = $13 WHERE id = 1
     )
     SELECT * FROM written ORDER BY seq`,
    [
      column((event) => event.seq),
      column((event) => event.occurredAt),
      column((event) => event.actorId),
      column((event) => event.actorName),
      column((event) => event.onBehalfOfId),
      column((event) => event.action),
      column((event) => event.objectType),
      column((event) => event.objectId),
      column((event) => JSON.stringify(event.details)),
      column((event) => event.prevHash),
      column((event) => event.hash),
      seq,
      prevHash,
    ],
  );
  return rows.map(toEvent);
}

export function auditRepository(db: Queryable): AuditRepository {
  return {
    append: async (event) => {
      await writeAuditEvents(db, [event]);
    },
    async list(filter = {}) {
      const rows = await db.query<AuditRow>(
        `SELECT * FROM audit_events
          WHERE ($1::uuid IS NULL OR actor_id = $1)
            AND ($2::text IS NULL OR object_type = $2)
            AND ($3::text IS NULL OR object_id = $3)
            AND ($4::timestamptz IS NULL OR occurred_at >= $4)
            AND ($5::timestamptz IS NULL OR occurred_at < $5)
            AND seq > $6
          ORDER BY seq LIMIT $7`,
        [
          filter.actorId ?? null,
          filter.objectType ?? null,
          filter.objectId ?? null,
          filter.from ?? null,
          filter.to ?? null,
          filter.afterSeq ?? 0,
          filter.limit ?? 100,
        ],
      );
      return rows.map(toEvent);
    },
    async verify() {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      for (;;) {
        const rows = await db.query<AuditRow>(
          'SELECT * FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2',
          [expectedSeq, VERIFY_BATCH],
        );
        for (const row of rows) {
          const event = toEvent(row);
          if (
            event.seq !== expectedSeq ||
            event.prevHash !== prevHash ||
            chainHash(prevHash, event) !== event.hash
          ) {
            return { ok: false, count: expectedSeq - 1, brokenAtSeq: expectedSeq };
          }
          prevHash = event.hash;
          expectedSeq += 1;
        }
        if (rows.length < VERIFY_BATCH) break;
      }
      const [head] = await db.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_head WHERE id = 1',
      );
      // Events removed from the end leave the head pointing past the last stored event.
      if (!head || head.seq !== expectedSeq - 1 || head.hash !== prevHash) {
        return { ok: false, count: expectedSeq - 1, brokenAtSeq: expectedSeq };
      }
      return { ok: true, count: expectedSeq - 1 };
    },
  };
}
