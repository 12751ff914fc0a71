/** `describeEachStore`: one behaviour suite, declared once, run against every available adapter. */
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Db } from '../../engine/store/db.js';
import type { Store } from '../../engine/store/ports.js';
import type { StoreFixtures } from '../../engine/store/testFixturePorts.js';
import { createTestStore, type SqlTestStore, type StoreAdapter, storeAdapters } from './storeAdapters.js';

export {
  createTestStore,
  postgresUrl,
  type SqlStoreAdapter,
  type StoreAdapter,
  storeAdapters,
} from './storeAdapters.js';

/** What the contract suite gets: the store, through its port, and the adapter's fixtures. */
export interface PortUnderTest {
  readonly store: Store;
  readonly fixtures: StoreFixtures;
  readonly adapter: StoreAdapter['name'];
}

export interface StoreUnderTest extends PortUnderTest {
  /** The SQL connection behind the store, for checks of the PostgreSQL adapter; never in the contract suite. */
  readonly db: Db;
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
      let opened: SqlTestStore | undefined;
      const subject: StoreUnderTest = {
        get store() {
          if (!opened) throw new Error('store not open yet');
          return opened.store;
        },
        get db() {
          if (!opened) throw new Error('store not open yet');
          return opened.db;
        },
        get fixtures() {
          if (!opened) throw new Error('store not open yet');
          return opened.fixtures;
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

/**
 * `describeEachStore` for the contract suite (test/store/contract): the body sees the store and the
 * fixtures only, so a suite that passes here asks nothing a second adapter could not answer.
 */
export function describeEachPort(title: string, body: (subject: PortUnderTest) => void): void {
  describeEachStore(title, body);
}
