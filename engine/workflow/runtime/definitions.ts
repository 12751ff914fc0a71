/** Where the runtime gets the definition an instance runs on (the deployment's repository). */
import { NotFound } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { RunnableDefinition } from './engineSession.js';

/** The newest version of the process `key`. */
export async function latestDefinition(tx: Repositories, key: string): Promise<RunnableDefinition> {
  const definition = await findLatestDefinition(tx, key);
  if (!definition) throw new NotFound(`no process "${key}" is deployed`);
  return definition;
}

/** The newest version of `key`, or null: only its id is read, its XML comes from memory once known. */
export async function findLatestDefinition(
  tx: Repositories,
  key: string,
): Promise<RunnableDefinition | null> {
  const id = await tx.processDefinitions.latestId(key);
  return id === null ? null : definitionById(tx, id);
}

/** A stored definition version never changes: every step after the first reads it from memory. */
const byId = new Map<string, RunnableDefinition>();
const BY_ID_LIMIT = 256;

/** The definition version an instance started on. */
export async function definitionById(tx: Repositories, id: string): Promise<RunnableDefinition> {
  const cached = byId.get(id);
  if (cached) return cached;
  const definition = await tx.processDefinitions.get(id);
  if (!definition) throw new NotFound(`process definition ${id} not found`);
  if (byId.size >= BY_ID_LIMIT) byId.clear();
  const { key, version, hash, xml } = definition;
  byId.set(id, { id, key, version, hash, xml });
  return byId.get(id) ?? definition;
}
