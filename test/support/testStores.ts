/** `describeEachStore`: one behaviour suite, declared once, run against every available adapter. */
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Db } from '../../engine/store/db.js';
import type { Store } from '../../engine/store/ports.js';
import { createTestStore, type StoreAdapter, storeAdapters } from './storeAdapters.js';

export { createTestStore, postgresUrl, type StoreAdapter, storeAdapters } from './storeAdapters.js';

export interface StoreUnderTest {
  readonly store: Store;
  /** The SQL connection behind the store, for adapter-level checks. */
  readonly db: Db;
  readonly adapter: StoreAdapter['name'];
}

/**
 * Declares `body` once per available adapter, each with a fresh migrated store for the file.
 * An adapter that cannot run is reported as a skipped test naming the reason.
 */
export function describeEachStore(title: string, body: (subject: StoreUnderTest) => void): void {
  for (const adapter of storeAdapters) {
    if (adapter.skipReason) {
      describe(`${title} on ${adapter.name}`, () => {
        // Deliberate: an adapter that cannot run here is reported as skipped with its reason, never passed.
        it.skip(`is not run: ${adapter.skipReason}`, () => {});
      });
      continue;
    }
    describe(`${title} on ${adapter.name}`, () => {
      let opened: Awaited<ReturnType<typeof createTestStore>> | undefined;
      const subject: StoreUnderTest = {
        get store() {
          if (!opened) throw new Error('store not open yet');
          return opened.store;
        },
        get db() {
          if (!opened) throw new Error('store not open yet');
          return opened.db;
        },
        adapter: adapter.name,
      };
      beforeAll(async () => {
        opened = await createTestStore(adapter, { poolSize: 20 });
      });
      afterAll(async () => {
        await opened?.dispose();
      });
      body(subject);
    });
  }
}
