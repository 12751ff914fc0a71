import type { Queryable } from '../db.js';
import type {
  ActivityCount,
  ProcessVersionRepository,
  VersionInstanceCount,
} from '../processVersionPorts.js';
import { VersionConflict } from '../workflowPorts.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function processVersionRepository(db: Queryable): ProcessVersionRepository {
  return {
    async instanceCounts(key) {
      const rows = await db.query<{ definition_id: string; running: string; finished: string }>(
        `SELECT definition_id,
                count(*) FILTER (WHERE status IN ('running', 'failed')) AS running,
                count(*) FILTER (WHERE status IN ('completed', 'cancelled')) AS finished
           FROM process_instances WHERE process_key = $1 GROUP BY definition_id`,
        [key],
      );
      return rows.map((row): VersionInstanceCount => ({
        definitionId: row.definition_id,
        running: Number(row.running),
        finished: Number(row.finished),
      }));
    },
    async activityCounts(definitionId) {
      if (!UUID.test(definitionId)) return [];
      // Where instances wait now: the derived rows of running (or failed, awaiting retry) instances.
      const rows = await db.query<{ element_id: string; active: string; completed: string }>(
        `WITH instances AS (
           SELECT id, status FROM process_instances WHERE definition_id = $1
         ), waits AS (
           SELECT t.element_id FROM tasks t JOIN instances i ON i.id = t.instance_id
            WHERE t.status = 'open' AND i.status IN ('running', 'failed')
           UNION ALL
           SELECT j.element_id FROM jobs j JOIN instances i ON i.id = j.instance_id
            WHERE j.status = 'pending' AND i.status IN ('running', 'failed')
           UNION ALL
           SELECT m.element_id FROM message_subscriptions m JOIN instances i ON i.id = m.instance_id
            WHERE i.status IN ('running', 'failed')
         ), active AS (
           SELECT element_id, count(*) AS n FROM waits GROUP BY element_id
         ), completed AS (
           SELECT h.element_id, count(*) AS n FROM process_history h JOIN instances i ON i.id = h.instance_id
            WHERE h.type = 'activity.completed' AND h.element_id IS NOT NULL GROUP BY h.element_id
         )
         SELECT COALESCE(a.element_id, c.element_id) AS element_id,
                COALESCE(a.n, 0) AS active, COALESCE(c.n, 0) AS completed
           FROM active a FULL JOIN completed c ON c.element_id = a.element_id
          ORDER BY 1`,
        [definitionId],
      );
      return rows.map((row): ActivityCount => ({
        elementId: row.element_id,
        active: Number(row.active),
        completed: Number(row.completed),
      }));
    },
    async repointInstance(id, expectedVersionNo, change) {
      const [row] = await db.query<{ version_no: number }>(
        `UPDATE process_instances
            SET definition_id = $3, definition_version = $4, state = $5,
                version_no = version_no + 1, updated_at = now()
          WHERE id = $1 AND version_no = $2 RETURNING version_no`,
        [id, expectedVersionNo, change.definitionId, change.definitionVersion, JSON.stringify(change.state)],
      );
      if (!row) throw new VersionConflict(id);
      return row.version_no;
    },
  };
}
