import { NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import {
  type InstanceStatus,
  type JsonObject,
  type ProcessInstance,
  type ProcessInstanceRepository,
  type ProcessInstanceSummary,
  VersionConflict,
} from '../workflowPorts.js';

interface InstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  definition_version: number;
  business_key: string | null;
  status: InstanceStatus;
  state?: JsonObject;
  variables: JsonObject;
  version_no: number;
  started_by: string | null;
  started_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
}

const toSummary = (row: InstanceRow): ProcessInstanceSummary => ({
  id: row.id,
  definitionId: row.definition_id,
  processKey: row.process_key,
  definitionVersion: row.definition_version,
  businessKey: row.business_key,
  status: row.status,
  variables: row.variables,
  versionNo: row.version_no,
  startedBy: row.started_by,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  endReason: row.end_reason,
});

const toInstance = (row: InstanceRow): ProcessInstance => ({ ...toSummary(row), state: row.state ?? {} });

const SUMMARY_COLUMNS = `id, definition_id, process_key, definition_version, business_key, status, variables, version_no,
  started_by, started_at, ended_at, end_reason`;

export function processInstanceRepository(db: Queryable): ProcessInstanceRepository {
  async function conflictOrMissing(id: string): Promise<never> {
    const [exists] = await db.query('SELECT 1 FROM process_instances WHERE id = $1', [id]);
    if (!exists) throw new NotFound(`process instance ${id} not found`);
    throw new VersionConflict(id);
  }

  return {
    async insert(instance) {
      const [row] = await db.query<InstanceRow>(
        `INSERT INTO process_instances (id, definition_id, process_key, definition_version, business_key, status, state,
                                        variables, started_by, started_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${SUMMARY_COLUMNS}`,
        [
          instance.id,
          instance.definitionId,
          instance.processKey,
          instance.definitionVersion,
          instance.businessKey,
          instance.status,
          JSON.stringify(instance.state),
          JSON.stringify(instance.variables),
          instance.startedBy,
          instance.startedAt,
          instance.endedAt ?? null,
        ],
      );
      // The state just written is not read back (it is the largest column).
      return { ...toSummary(row as InstanceRow), state: instance.state };
    },
    async get(id) {
      const [row] = await db.query<InstanceRow>('SELECT * FROM process_instances WHERE id = $1', [id]);
      return row ? toInstance(row) : null;
    },
    async update(id, expectedVersionNo, change) {
      const [row] = await db.query<InstanceRow>(
        `UPDATE process_instances
            SET status = $3, state = $4, variables = $5, ended_at = $6, end_reason = $7,
                version_no = version_no + 1, updated_at = now()
          WHERE id = $1 AND version_no = $2 RETURNING ${SUMMARY_COLUMNS}`,
        [
          id,
          expectedVersionNo,
          change.status,
          JSON.stringify(change.state),
          JSON.stringify(change.variables),
          change.endedAt,
          change.endReason ?? null,
        ],
      );
      return row ? { ...toSummary(row), state: change.state } : conflictOrMissing(id);
    },
    async setStatus(id, expectedVersionNo, status) {
      const [row] = await db.query<InstanceRow>(
        `UPDATE process_instances SET status = $3, version_no = version_no + 1, updated_at = now()
          WHERE id = $1 AND version_no = $2 RETURNING *`,
        [id, expectedVersionNo, status],
      );
      return row ? toInstance(row) : conflictOrMissing(id);
    },
    async list(filter = {}) {
      const where = `($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR process_key = $2)
                 AND ($3::text IS NULL OR business_key = $3)`;
      const params = [filter.status ?? null, filter.processKey ?? null, filter.businessKey ?? null];
      const [count] = await db.query<{ total: number }>(
        `SELECT count(*)::int AS total FROM process_instances WHERE ${where}`,
        params,
      );
      const rows = await db.query<InstanceRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM process_instances WHERE ${where}
          ORDER BY started_at DESC, id LIMIT $4 OFFSET $5`,
        [...params, filter.limit ?? 50, filter.offset ?? 0],
      );
      return { items: rows.map(toSummary), total: count?.total ?? 0 };
    },
  };
}
