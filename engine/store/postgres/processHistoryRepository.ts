import type { Queryable } from '../db.js';
import type {
  HistoryEvent,
  HistoryEventType,
  JsonObject,
  ProcessHistoryRepository,
} from '../workflowPorts.js';

interface HistoryRow {
  id: number;
  instance_id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  type: HistoryEventType;
  element_id: string | null;
  details: JsonObject;
}

const toEvent = (row: HistoryRow): HistoryEvent => ({
  id: Number(row.id),
  instanceId: row.instance_id,
  at: row.at,
  actorId: row.actor_id,
  actorName: row.actor_name,
  type: row.type,
  elementId: row.element_id,
  details: row.details,
});

export function processHistoryRepository(db: Queryable): ProcessHistoryRepository {
  return {
    async append(events) {
      if (events.length === 0) return;
      // One statement for the whole step: unnest keeps the given order in the bigserial ids.
      await db.query(
        `INSERT INTO process_history (instance_id, at, actor_id, actor_name, type, element_id, details)
         SELECT instance_id, at, actor_id, actor_name, type, element_id, details FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
           WITH ORDINALITY AS e(instance_id, at, actor_id, actor_name, type, element_id, details, n)
         ORDER BY n`,
        [
          events.map((e) => e.instanceId),
          events.map((e) => e.at),
          events.map((e) => e.actorId),
          events.map((e) => e.actorName),
          events.map((e) => e.type),
          events.map((e) => e.elementId),
          events.map((e) => JSON.stringify(e.details)),
        ],
      );
    },
    async listByInstance(instanceId, options = {}) {
      const rows = await db.query<HistoryRow>(
        'SELECT * FROM process_history WHERE instance_id = $1 AND id > $2 ORDER BY id LIMIT $3',
        [instanceId, options.afterId ?? 0, options.limit ?? 1000],
      );
      return rows.map(toEvent);
    },
  };
}
