import type { Queryable } from '../db.js';
import type { FormSchemas, ProcessFormRepository } from '../processFormPorts.js';
import type { JsonObject } from '../workflowPorts.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function processFormRepository(db: Queryable): ProcessFormRepository {
  return {
    async insertAll(definitionId, forms) {
      const keys = Object.keys(forms).sort();
      if (keys.length === 0) return;
      await db.query(
        `INSERT INTO process_forms (definition_id, form_key, schema)
         SELECT $1, form_key, schema FROM unnest($2::text[], $3::jsonb[]) AS f(form_key, schema)`,
        [definitionId, keys, keys.map((key) => JSON.stringify(forms[key]))],
      );
    },
    async listByDefinition(definitionId) {
      if (!UUID.test(definitionId)) return {};
      const rows = await db.query<{ form_key: string; schema: JsonObject }>(
        'SELECT form_key, schema FROM process_forms WHERE definition_id = $1 ORDER BY form_key',
        [definitionId],
      );
      const forms: FormSchemas = {};
      for (const row of rows) forms[row.form_key] = row.schema;
      return forms;
    },
    async get(definitionId, formKey) {
      if (!UUID.test(definitionId)) return null;
      const [row] = await db.query<{ schema: JsonObject }>(
        'SELECT schema FROM process_forms WHERE definition_id = $1 AND form_key = $2',
        [definitionId, formKey],
      );
      return row?.schema ?? null;
    },
  };
}
