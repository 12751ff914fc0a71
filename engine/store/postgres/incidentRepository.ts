import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import type { Incident, IncidentRepository, JsonObject } from '../workflowPorts.js';

interface IncidentRow {
  id: string;
  instance_id: string;
  element_id: string | null;
  message: string;
  status: 'open' | 'resolved';
  command: JsonObject;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

const toIncident = (row: IncidentRow): Incident => ({
  id: row.id,
  instanceId: row.instance_id,
  elementId: row.element_id,
  message: row.message,
  status: row.status,
  command: row.command,
  createdAt: row.created_at,
  resolvedAt: row.resolved_at,
  resolvedBy: row.resolved_by,
});

export function incidentRepository(db: Queryable): IncidentRepository {
  return {
    async insert(incident) {
      const [row] = await db.query<IncidentRow>(
        `INSERT INTO incidents (id, instance_id, element_id, message, status, command, created_at)
         VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING *`,
        [
          randomUUID(),
          incident.instanceId,
          incident.elementId,
          incident.message,
          JSON.stringify(incident.command),
          incident.createdAt,
        ],
      );
      return toIncident(row as IncidentRow);
    },
    async get(id) {
      const [row] = await db.query<IncidentRow>('SELECT * FROM incidents WHERE id = $1', [id]);
      return row ? toIncident(row) : null;
    },
    async listByInstance(instanceId) {
      const rows = await db.query<IncidentRow>(
        'SELECT * FROM incidents WHERE instance_id = $1 ORDER BY created_at, id',
        [instanceId],
      );
      return rows.map(toIncident);
    },
    async resolve(id, by, at) {
      const [row] = await db.query<IncidentRow>(
        `UPDATE incidents SET status = 'resolved', resolved_by = $2, resolved_at = $3
          WHERE id = $1 AND status = 'open' RETURNING *`,
        [id, by, at],
      );
      if (row) return toIncident(row);
      const [exists] = await db.query('SELECT 1 FROM incidents WHERE id = $1', [id]);
      if (!exists) throw new NotFound(`incident ${id} not found`);
      throw new Conflict(`incident ${id} is already resolved`);
    },
  };
}
