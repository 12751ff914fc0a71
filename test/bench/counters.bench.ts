/** Registration-number throughput: sequential and 50-way concurrent transactions on one (register, year). */
import { aRegister } from '../support/builders.js';
import { createTestStore, storeAdapters } from '../support/storeAdapters.js';
import type { Report } from './run.js';

const SEQUENTIAL = 1000;
const CONCURRENT = 2000;
const PARALLELISM = 50;

export default async function run(report: Report): Promise<void> {
  for (const adapter of storeAdapters) {
    if (adapter.skipReason) {
      process.stdout.write(`bench:counter.${adapter.name} skipped: ${adapter.skipReason}\n`);
      continue;
    }
    const { store, dispose } = await createTestStore(adapter, { poolSize: PARALLELISM });
    try {
      const register = await aRegister(store);
      const take = () => store.transaction((tx) => tx.counters.next(register.id, 2025));

      let started = performance.now();
      for (let i = 0; i < SEQUENTIAL; i += 1) await take();
      report(
        `counter.${adapter.name}.sequential`,
        SEQUENTIAL / ((performance.now() - started) / 1000),
        'numbers/s',
      );

      started = performance.now();
      let remaining = CONCURRENT;
      await Promise.all(
        Array.from({ length: PARALLELISM }, async () => {
          while (remaining > 0) {
            remaining -= 1;
            await take();
          }
        }),
      );
      report(
        `counter.${adapter.name}.concurrent${PARALLELISM}`,
        CONCURRENT / ((performance.now() - started) / 1000),
        'numbers/s',
      );
    } finally {
      await dispose();
    }
  }
}
