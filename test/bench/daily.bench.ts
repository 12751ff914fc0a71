/**
 * The daily path at archive scale (issue 14): on PostgreSQL with DAILY_DOCUMENTS documents (default
 * 1,000,000) and DAILY_TASKS open tasks (default 200,000) over 300 people in 10 departments, 16
 * readers at once (10 calls each) ask for the inbox's first page, the control list's first page, a document card
 * (the card's query use cases: document, attachments, links), a header search inside words and the
 * dashboard's first view (target p95 ≤ 300 ms).
 * Prints median and p95 per query in ms. Target: p95 ≤ 50 ms each. PGlite is not measured here (an
 * embedded database of a million documents is not what it is for); DAILY_PGLITE=1 runs it anyway.
 *
 * DAILY_KEEP=1 (PostgreSQL): the data lives in the schema DAILY_SCHEMA (default `daily_bench`) and
 * stays there; a later run with DAILY_KEEP=1 finds it seeded with as many documents and tasks and
 * only migrates it (new migrations run over the kept data) instead of generating it again. Drop the
 * schema by hand to start over. DAILY_ONLY=inbox,search measures only the figures so named.
 */
import { createHash, randomUUID } from 'node:crypto';
import { actorFromUser, type UseCaseContext } from '../../engine/context.js';
import { listControlledTasks } from '../../engine/records/controlList.js';
import { getDocument, searchDocuments } from '../../engine/records/documents.js';
import { listAttachments } from '../../engine/records/attachments.js';
import { listInbox } from '../../engine/records/inbox.js';
import { dashboard } from '../../engine/records/dashboard.js';
import type { Db } from '../../engine/store/db.js';
import { loadMigrations, migrate } from '../../engine/store/postgres/migrate.js';
import { openPgPoolDb } from '../../engine/store/postgres/pgPoolDb.js';
import { postgresStore } from '../../engine/store/postgres/postgresStore.js';
import type { Role, Store, User } from '../../engine/store/ports.js';
import {
  createTestStore,
  postgresUrl,
  type SqlStoreAdapter,
  storeAdapters,
} from '../support/storeAdapters.js';
import { TestClock } from '../support/workflow.js';
import type { Report } from './run.js';

const DOCUMENTS = Number(process.env.DAILY_DOCUMENTS ?? 1_000_000);
const TASKS = Number(process.env.DAILY_TASKS ?? 200_000);
const PEOPLE = 300;
const DEPARTMENTS = 10;
const READERS = 16;
const CALLS_PER_READER = 10;
const WORDS = [
  'iesniegums',
  'apgaismojums',
  'būvatļauja',
  'sūdzība',
  'koku',
  'ciršana',
  'remonts',
  'pabalsts',
];

const KEEP = Boolean(process.env.DAILY_KEEP);
/** DAILY_ONLY=inbox,search: only the figures whose names start with one of these. */
const ONLY = (process.env.DAILY_ONLY ?? '').split(',').filter((part) => part.trim() !== '');
const KEPT_SCHEMA = process.env.DAILY_SCHEMA ?? 'daily_bench';

/**
 * The store to measure: a fresh one, or with DAILY_KEEP on PostgreSQL the kept schema (created when
 * missing, migrated either way); `seeded` when it already holds the data this run would generate.
 */
async function openStore(
  adapter: SqlStoreAdapter,
): Promise<{ store: Store; db: Db; seeded: boolean; dispose(): Promise<void> }> {
  const url = postgresUrl();
  if (!KEEP || adapter.name !== 'postgres' || !url) {
    return { ...(await createTestStore(adapter, { poolSize: READERS + 2 })), seeded: false };
  }
  if (!/^[a-z_][a-z0-9_]*$/.test(KEPT_SCHEMA))
    throw new Error(`DAILY_SCHEMA ${KEPT_SCHEMA} is not a plain name`);
  const admin = await openPgPoolDb({ url, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA IF NOT EXISTS ${KEPT_SCHEMA}`);
  await admin.close();
  const db = await openPgPoolDb({ url, schema: KEPT_SCHEMA, poolSize: READERS + 2 });
  await migrate(db, await loadMigrations());
  const [held] = await db.query<{ documents: number; tasks: number }>(
    `SELECT (SELECT count(*) FROM documents)::int AS documents,
            (SELECT count(*) FROM tasks WHERE status = 'open')::int AS tasks`,
  );
  const seeded = held?.documents === DOCUMENTS && held.tasks === TASKS;
  if (!seeded && (held?.documents ?? 0) + (held?.tasks ?? 0) > 0) {
    throw new Error(
      `schema ${KEPT_SCHEMA} holds ${held?.documents} documents and ${held?.tasks} open tasks, not ` +
        `${DOCUMENTS} and ${TASKS}: drop it (DROP SCHEMA ${KEPT_SCHEMA} CASCADE) or name another (DAILY_SCHEMA)`,
    );
  }
  return { store: postgresStore(db), db, seeded, dispose: () => db.close() };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** The document id the generator gives number `n` (md5 as uuid), so that tasks can point at it. */
const documentIdSql = (n: string) => `md5('doc' || ${n})::uuid`;

/** Generates the data: people, registers, documents, instances, tasks and routing grants. */
async function seed(store: Store, db: Db): Promise<void> {
  const departments = [];
  for (let d = 0; d < DEPARTMENTS; d += 1) {
    departments.push(await store.departments.insert({ code: `D${d}`, name: `Nodaļa ${d}` }));
  }
  const people: User[] = [];
  for (let i = 0; i < PEOPLE; i += 1) {
    const roles: Role[] = i < 3 ? ['head'] : i % 30 === 3 ? ['dept_head'] : ['executor'];
    people.push(
      await store.users.insert({
        username: `u${String(i).padStart(3, '0')}`,
        displayName: `Persona ${i}`,
        roles,
        departmentId: departments[i % DEPARTMENTS]?.id ?? null,
        source: 'local',
      }),
    );
  }
  const registers = [];
  for (let d = 0; d < 3; d += 1) {
    registers.push(
      await store.registers.insert({
        code: `R${d}`,
        name: `Reģistrs ${d}`,
        kind: 'incoming',
        numberPattern: `R${d}-{seq}/{yyyy}`,
        departmentId: departments[d]?.id ?? null,
      }),
    );
  }
  const registerIds = registers.map((r) => `'${r.id}'::uuid`).join(',');
  const words = WORDS.map((w) => `'${w}'`).join(',');
  await db.exec(`
      INSERT INTO documents (id, register_id, year, sequence, registration_number, registered_on, subject,
                             status, confidentiality, created_by, search_text)
      SELECT ${documentIdSql('n')}, (ARRAY[${registerIds}])[1 + n % 3], 2020 + n % 7, n,
             'R' || (n % 3) || '-' || n, date '2020-01-01' + (n % 2300), subject, 'in_progress',
             CASE WHEN n % 50 = 0 THEN 'restricted' ELSE 'internal' END, '${people[5]?.id}', lower(subject)
        FROM (SELECT n, (ARRAY[${words}])[1 + n % ${WORDS.length}] || ' ' ||
                        (ARRAY[${words}])[1 + (n / 7) % ${WORDS.length}] || ' Nr. ' || n AS subject
                FROM generate_series(1, ${DOCUMENTS}) AS n) generated;
    `);
  const xml = `<definitions id="${randomUUID()}" />`;
  const definition = await store.processDefinitions.insert({
    key: 'incoming-correspondence',
    name: null,
    hash: createHash('sha256').update(xml).digest('hex'),
    xml,
    deployedBy: null,
  });
  // One running instance per task, on every fifth document; 80 % assigned, the rest offered to the
  // ten departments alike; due dates spread from 20 days overdue to 40 days ahead; the heads control them.
  await db.exec(`
      INSERT INTO process_instances (id, definition_id, process_key, definition_version, business_key, status,
                                     state, variables, started_at)
      SELECT md5('inst' || n)::uuid, '${definition.id}', 'incoming-correspondence', 1,
             ${documentIdSql(`(1 + (n * 5) % ${DOCUMENTS})`)}::text, 'running', '{}'::jsonb,
             jsonb_build_object('controller', 'u00' || (n % 3)), timestamptz '2026-01-01' + n * interval '1 minute'
        FROM generate_series(1, ${TASKS}) AS n;
      INSERT INTO tasks (id, instance_id, process_key, business_key, element_id, execution_id, name, assignee,
                         candidate_groups, due_at, status, created_at)
      SELECT md5('task' || n)::uuid, md5('inst' || n)::uuid, 'incoming-correspondence',
             ${documentIdSql(`(1 + (n * 5) % ${DOCUMENTS})`)}::text, 'Execution', 'Execution_' || n, 'Izpilde',
             CASE WHEN n % 5 = 0 THEN NULL ELSE 'u' || lpad((3 + n % ${PEOPLE - 3})::text, 3, '0') END,
             CASE WHEN n % 5 = 0 THEN ARRAY['D' || ((n / 5) % ${DEPARTMENTS})] ELSE '{}'::text[] END,
             timestamptz '2026-06-15' + ((n % 60) - 20) * interval '1 day', 'open',
             timestamptz '2026-01-01' + n * interval '1 minute'
        FROM generate_series(1, ${TASKS}) AS n;
      -- Routing grants, as routing leaves them: the document to whom a task is assigned, or to the
      -- department it is offered to.
      INSERT INTO document_access (id, document_id, user_id, department_id, reason)
      SELECT DISTINCT ON (t.business_key, coalesce(u.id, dep.id)) md5('grant' || t.id)::uuid,
             t.business_key::uuid, u.id, CASE WHEN u.id IS NULL THEN dep.id END, 'routed'
        FROM tasks t
        LEFT JOIN users u ON u.username = t.assignee
        LEFT JOIN departments dep ON dep.code = t.candidate_groups[1]
       WHERE u.id IS NOT NULL OR dep.id IS NOT NULL;
    `);
  // As autovacuum leaves a database in service: statistics, and the visibility map that lets
  // index-only scans skip the table.
  for (const table of ['documents', 'tasks', 'process_instances', 'document_access']) {
    await db.exec(`VACUUM ANALYZE ${table}`);
  }
}

export default async function run(report: Report): Promise<void> {
  for (const adapter of storeAdapters) {
    if (adapter.skipReason) {
      process.stdout.write(`bench:daily.${adapter.name} skipped: ${adapter.skipReason}\n`);
      continue;
    }
    if (adapter.name === 'pglite' && !process.env.DAILY_PGLITE) {
      process.stdout.write('bench:daily.pglite skipped: PostgreSQL only (DAILY_PGLITE=1 to run it)\n');
      continue;
    }
    const { store, db, seeded, dispose } = await openStore(adapter);
    try {
      const clock = new TestClock('2026-06-15T08:00:00.000Z');
      const built = performance.now();
      if (seeded) {
        process.stdout.write(`bench:daily.${adapter.name} data reused from schema ${KEPT_SCHEMA}\n`);
      } else {
        await seed(store, db);
        report(`daily.${adapter.name}.data.seconds`, (performance.now() - built) / 1000, 's');
      }
      const people = (await store.users.list()).sort((a, b) => a.username.localeCompare(b.username));

      const contextOf = (user: User): UseCaseContext => ({ store, actor: actorFromUser(user), clock });
      const executors = people.filter((p) => p.roles.includes('executor'));
      const heads = people.filter((p) => p.roles.includes('head'));
      const measure = async (name: string, call: (reader: number, i: number) => Promise<unknown>) => {
        if (ONLY.length > 0 && !ONLY.some((part) => name.startsWith(part.trim()))) return;
        await call(0, 0); // warm
        const timings: number[] = [];
        await Promise.all(
          Array.from({ length: READERS }, async (_, reader) => {
            for (let i = 0; i < CALLS_PER_READER; i += 1) {
              const started = performance.now();
              await call(reader, i);
              timings.push(performance.now() - started);
            }
          }),
        );
        timings.sort((a, b) => a - b);
        report(`daily.${adapter.name}.${name}.median`, percentile(timings, 50), 'ms');
        report(`daily.${adapter.name}.${name}.p95`, percentile(timings, 95), 'ms');
      };
      const pick = <T>(list: T[], reader: number, i: number): T =>
        list[(reader * 31 + i * 7) % list.length] as T;

      await measure('inbox.first-page', (reader, i) =>
        listInbox(contextOf(pick(executors, reader, i)), { scope: 'all', page: 1, pageSize: 50 }),
      );
      await measure('control.first-page', (reader, i) =>
        listControlledTasks(contextOf(pick(heads, reader, i)), { page: 1, pageSize: 50 }),
      );
      await measure('document.card', async (reader, i) => {
        const n = 1 + ((((reader * 7919 + i * 104_729) % DOCUMENTS) * 5) % DOCUMENTS);
        const [row] = await db.query<{ id: string }>(`SELECT ${documentIdSql('$1::int')} AS id`, [n]);
        const ctx = contextOf(pick(heads, reader, i));
        await getDocument(ctx, row?.id ?? '');
        await listAttachments(ctx, row?.id ?? '');
      });
      await measure('search.inside-words', (reader, i) =>
        searchDocuments(contextOf(pick(heads, reader, i)), {
          text: `${pick(WORDS, reader, i).slice(2, 8)} ${pick(WORDS, i, reader).slice(1, 6)}`,
          limit: 50,
        }),
      );
      // The dashboard's first view (issue 19): every figure of this year, as a head sees them.
      await measure('dashboard.first-view', (reader, i) => dashboard(contextOf(pick(heads, reader, i)), {}));
    } finally {
      if (KEEP && adapter.name === 'postgres') {
        process.stdout.write(`bench:daily.${adapter.name} data kept in schema ${KEPT_SCHEMA}\n`);
      }
      await dispose();
    }
  }
}
