/**
 * What the contract suite (test/store/contract) may do to a store behind its port, to check that
 * the store notices. Test support only: no use case gets it. Each adapter provides it beside its
 * store (the PostgreSQL one in `postgres/postgresFixtures.ts`), so the suite needs no query language.
 */
import type { JsonValue } from './ports.js';

export interface StoreFixtures {
  /**
   * Replaces the details of the stored audit event `seq`, as someone with the database owner's
   * rights would, past whatever keeps the trail append-only. `audit.verify()` must then find it.
   */
  tamperWithAuditEvent(seq: number, details: { [key: string]: JsonValue }): Promise<void>;
}
