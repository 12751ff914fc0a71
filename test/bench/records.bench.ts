/**
 * Records: registrations per second including the start of the routing process, and search latency
 * (median, p95) over 100,000 documents. Targets on PostgreSQL: ≥ 200 registrations/s, p95 ≤ 100 ms.
 * Registrations are measured with one client (`sequential`) and with PARALLELISM clients at once
 * (`concurrentN`: clerks registering in parallel into the same register, over a pool of
 * PARALLELISM + 2 connections); after them the bench checks that the register's numbers are
 * gapless and unique, and prints `numbering.gapless 1` (0 would be a bug). `sequential.engine-at-every-start`
 * is the one-client figure with start templates off (bpmn-engine runs every start), for comparison.
 */
import { actorFromUser, type UseCaseContext } from '../../engine/context.js';
import { searchDocuments } from '../../engine/records/documents.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import { configureStartTemplates } from '../../engine/workflow/runtime/startTemplate.js';
import { createTestStore, storeAdapters } from '../support/storeAdapters.js';
import { TestClock } from '../support/workflow.js';
import type { Report } from './run.js';

const REGISTRATIONS = 400;
const PARALLELISM = 8;
const ROUNDS = 5;
const SEARCH_DOCUMENTS = 100_000;
const SEARCHES = 200;
const WORDS = [
  'iesniegums',
  'apgaismojums',
  'būvatļauja',
  'sūdzība',
  'koku',
  'ciršana',
  'ielas',
  'remonts',
  'nodoklis',
  'pabalsts',
  'skola',
  'bērnudārzs',
  'ūdensvads',
  'kanalizācija',
  'atkritumi',
  'zemes',
  'gabals',
  'īre',
  'dzīvoklis',
  'autostāvvieta',
];

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export default async function run(report: Report): Promise<void> {
  for (const adapter of storeAdapters) {
    if (adapter.skipReason) {
      process.stdout.write(`bench:records.${adapter.name} skipped: ${adapter.skipReason}\n`);
      continue;
    }
    const { store, db, dispose } = await createTestStore(adapter, { poolSize: PARALLELISM + 2 });
    try {
      const clock = new TestClock('2026-03-02T08:00:00.000Z');
      await deployShippedProcesses({ store, clock });
      const department = await store.departments.insert({ code: 'KANC', name: 'Kanceleja' });
      const register = await store.registers.insert({
        code: 'IEN',
        name: 'Ienākošie',
        kind: 'incoming',
        numberPattern: '3-12/{yyyy}/{seq}',
        departmentId: department.id,
        processKey: 'incoming-correspondence',
        answerDeadlineRule: 'P15WD',
      });
      const registrar = actorFromUser(
        await store.users.insert({
          username: 'registrar',
          displayName: 'Anna',
          roles: ['registrar'],
          departmentId: department.id,
          source: 'local',
        }),
      );
      const ctx: UseCaseContext = { store, actor: registrar, clock };

      let registered = 0;
      const registerOne = async () => {
        registered += 1;
        await registerDocument(ctx, {
          registerId: register.id,
          subject: `Iesniegums par ielu apgaismojumu ${registered}`,
          correspondent: { kind: 'person', name: `Jānis Bērziņš ${registered}` },
        });
      };
      const registrations = async (count: number, clients: number): Promise<number> => {
        let remaining = count;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: clients }, async () => {
            while (remaining > 0) {
              remaining -= 1;
              await registerOne();
            }
          }),
        );
        return (performance.now() - started) / 1000;
      };
      await registrations(20, 1); // warm-up
      // Alternating slices, so that a machine whose load drifts affects all alike.
      let sequentialSeconds = 0;
      let concurrentSeconds = 0;
      let engineSeconds = 0;
      for (let round = 0; round < ROUNDS; round += 1) {
        sequentialSeconds += await registrations(REGISTRATIONS / ROUNDS, 1);
        concurrentSeconds += await registrations(REGISTRATIONS / ROUNDS, PARALLELISM);
        // For comparison: the process start run by bpmn-engine, as before start templates.
        configureStartTemplates({ enabled: false });
        engineSeconds += await registrations(REGISTRATIONS / ROUNDS, 1);
        configureStartTemplates({ enabled: true });
      }
      report(
        `records.${adapter.name}.registrations.sequential`,
        REGISTRATIONS / sequentialSeconds,
        'registrations/s',
      );
      report(
        `records.${adapter.name}.registrations.concurrent${PARALLELISM}`,
        REGISTRATIONS / concurrentSeconds,
        'registrations/s',
      );
      report(
        `records.${adapter.name}.registrations.sequential.engine-at-every-start`,
        REGISTRATIONS / engineSeconds,
        'registrations/s',
      );
      const [numbering] = await db.query<{ count: number; distinct: number; max: number }>(
        'SELECT count(*)::int AS count, count(DISTINCT sequence)::int AS distinct, max(sequence) AS max FROM documents WHERE register_id = $1',
        [register.id],
      );
      const gapless =
        numbering?.count === registered && numbering.distinct === registered && numbering.max === registered;
      report(`records.${adapter.name}.numbering.gapless`, gapless ? 1 : 0, 'bool');

      // Search runs over generated documents: registering 100,000 through the use case would only
      // measure registration again.
      await db.exec(`
        INSERT INTO documents (id, register_id, year, sequence, registration_number, registered_on, subject, status,
                               confidentiality, created_by, search_text)
        SELECT md5('doc' || n)::uuid, '${register.id}', 2025, n, '3-12/2025/' || n,
               date '2025-01-01' + (n % 365), subject, 'registered', 'internal', '${registrar.id}', lower(subject)
          FROM (
            SELECT n, (ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + n % ${WORDS.length}] || ' ' ||
                      (ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + (n / 7) % ${WORDS.length}] ||
                      ' Nr. ' || n AS subject
              FROM generate_series(1, ${SEARCH_DOCUMENTS}) AS n
          ) AS generated;
        ANALYZE documents;
      `);
      const timings: number[] = [];
      for (let i = 0; i < SEARCHES; i += 1) {
        const word = WORDS[i % WORDS.length] ?? 'iesniegums';
        const text = i % 3 === 0 ? word.slice(0, 5) : `${word} ${WORDS[(i * 7) % WORDS.length]}`;
        const started = performance.now();
        await searchDocuments(ctx, {
          text,
          limit: 50,
          ...(i % 2 === 0 ? { from: '2025-03-01', to: '2025-09-30' } : {}),
        });
        timings.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      report(`records.${adapter.name}.search.median`, percentile(timings, 50), 'ms');
      report(`records.${adapter.name}.search.p95`, percentile(timings, 95), 'ms');
      // Inside words (issue 14): a part from the middle of a word, alone or with a second word.
      const inside: number[] = [];
      for (let i = 0; i < SEARCHES; i += 1) {
        const word = WORDS[i % WORDS.length] ?? 'iesniegums';
        const part = word.slice(2, 8);
        const text = i % 2 === 0 ? part : `${part} ${(WORDS[(i * 7) % WORDS.length] ?? '').slice(1, 6)}`;
        const started = performance.now();
        await searchDocuments(ctx, { text, limit: 50 });
        inside.push(performance.now() - started);
      }
      inside.sort((a, b) => a - b);
      report(`records.${adapter.name}.search.inside-words.median`, percentile(inside, 50), 'ms');
      report(`records.${adapter.name}.search.inside-words.p95`, percentile(inside, 95), 'ms');
    } finally {
      await dispose();
    }
  }
}
