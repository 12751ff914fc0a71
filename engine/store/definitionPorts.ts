/** Repository port of versioned BPMN process definitions (see engine/workflow/deployment/). */

export interface ProcessDefinition {
  id: string;
  /** The id of the executable process in the XML; versions count per key. */
  key: string;
  /** 1, 2, 3, … per key. */
  version: number;
  name: string | null;
  /** SHA-256 of `xml`, hex. */
  hash: string;
  xml: string;
  deployedBy: string | null;
  deployedAt: Date;
}

/** A definition without its XML, for lists. */
export type ProcessDefinitionSummary = Omit<ProcessDefinition, 'xml'>;

export interface NewProcessDefinition {
  key: string;
  name: string | null;
  hash: string;
  xml: string;
  deployedBy: string | null;
  deployedAt?: Date;
}

export interface ProcessDefinitionRepository {
  /** Serialises deployments of one key until the transaction ends (check-then-insert stays consistent). */
  lockKey(key: string): Promise<void>;
  /**
   * Stores the next version of `key` (1 for a new key), computed inside the insert. Conflict when a
   * concurrent deployment took the same version first: retry the whole transaction.
   */
  insert(definition: NewProcessDefinition): Promise<ProcessDefinition>;
  get(id: string): Promise<ProcessDefinition | null>;
  /** The highest version of `key`. */
  latest(key: string): Promise<ProcessDefinition | null>;
  /** The id of the highest version of `key`, without its XML (a version never changes: cache it by id). */
  latestId(key: string): Promise<string | null>;
  getVersion(key: string, version: number): Promise<ProcessDefinition | null>;
  /** The newest version of `key` whose XML has this hash. */
  findByHash(key: string, hash: string): Promise<ProcessDefinition | null>;
  /** Every version of `key`, oldest first. */
  listVersions(key: string): Promise<ProcessDefinitionSummary[]>;
  /** Every deployed key, sorted. */
  listKeys(): Promise<string[]>;
  /** The latest version of every key, sorted by key. */
  listLatest(): Promise<ProcessDefinitionSummary[]>;
}
