import { randomUUID } from 'node:crypto';
import type { Queryable, SqlParam } from '../db.js';
import type {
  NewProcessDefinition,
  ProcessDefinition,
  ProcessDefinitionRepository,
  ProcessDefinitionSummary,
} from '../definitionPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface DefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  hash: string;
  xml: string;
  deployed_by: string | null;
  deployed_at: Date;
}

const SUMMARY_COLUMNS = 'id, key, version, name, hash, deployed_by, deployed_at';

const toSummary = (row: Omit<DefinitionRow, 'xml'>): ProcessDefinitionSummary => ({
  id: row.id,
  key: row.key,
  version: row.version,
  name: row.name,
  hash: row.hash,
  deployedBy: row.deployed_by,
  deployedAt: row.deployed_at,
});

const toDefinition = (row: DefinitionRow): ProcessDefinition => ({ ...toSummary(row), xml: row.xml });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function processDefinitionRepository(db: Queryable): ProcessDefinitionRepository {
  const one = async (sql: string, params: readonly SqlParam[]) => {
    const [row] = await db.query<DefinitionRow>(sql, params);
    return row ? toDefinition(row) : null;
  };
  return {
    async lockKey(key) {
      await db.query("SELECT pg_advisory_xact_lock(hashtextextended('kanceleja.process:' || $1, 0))", [key]);
    },
    async insert(definition: NewProcessDefinition) {
      // The version is computed in the same statement; two concurrent deployments of one key compute
      // the same number and the unique (key, version) constraint turns the later one into a Conflict.
      try {
        const [row] = await db.query<DefinitionRow>(
          `INSERT INTO process_definitions (id, key, version, name, hash, xml, deployed_by, deployed_at)
           SELECT $1, $2, COALESCE(max(version), 0) + 1, $3, $4, $5, $6, $7
             FROM process_definitions WHERE key = $2
           RETURNING *`,
          [
            randomUUID(),
            definition.key,
            definition.name,
            definition.hash,
            definition.xml,
            definition.deployedBy,
            definition.deployedAt ?? new Date(),
          ],
        );
        return toDefinition(row as DefinitionRow);
      } catch (error) {
        rethrowConstraint(error, `a new version of process "${definition.key}"`);
      }
    },
    async get(id) {
      // Ids come from URLs: a malformed one is simply not found, not a database error.
      if (!UUID.test(id)) return null;
      return one('SELECT * FROM process_definitions WHERE id = $1', [id]);
    },
    latest: (key) =>
      one('SELECT * FROM process_definitions WHERE key = $1 ORDER BY version DESC LIMIT 1', [key]),
    async latestId(key) {
      const [row] = await db.query<{ id: string }>(
        'SELECT id FROM process_definitions WHERE key = $1 ORDER BY version DESC LIMIT 1',
        [key],
      );
      return row?.id ?? null;
    },
    getVersion: (key, version) =>
      one('SELECT * FROM process_definitions WHERE key = $1 AND version = $2', [key, version]),
    findByHash: (key, hash) =>
      one('SELECT * FROM process_definitions WHERE key = $1 AND hash = $2 ORDER BY version DESC LIMIT 1', [
        key,
        hash,
      ]),
    async listVersions(key) {
      const rows = await db.query<Omit<DefinitionRow, 'xml'>>(
        `SELECT ${SUMMARY_COLUMNS} FROM process_definitions WHERE key = $1 ORDER BY version`,
        [key],
      );
      return rows.map(toSummary);
    },
    async listKeys() {
      const rows = await db.query<{ key: string }>(
        'SELECT DISTINCT key FROM process_definitions ORDER BY key',
      );
      return rows.map((row) => row.key);
    },
    async listLatest() {
      const rows = await db.query<Omit<DefinitionRow, 'xml'>>(
        `SELECT DISTINCT ON (key) ${SUMMARY_COLUMNS} FROM process_definitions ORDER BY key, version DESC`,
      );
      return rows.map(toSummary);
    },
  };
}
