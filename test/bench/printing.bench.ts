/**
 * A 10,000-row registration journal printed to a file: time and peak RSS. Target ≤ 3 s, ≤ 200 MB.
 * Each measurement runs in a child process (this same file, run directly) so that the RSS is the
 * report's and not the bench runner's. Three sources:
 *
 * - `memory`: rows generated in memory and handed to the printing engine;
 * - `store`: 10,000 documents in an embedded PGlite database, printed through the real use case
 *   (`printJournal`: policy, keyset-paged queries of 500 rows, rendering);
 * - `storePostgres`: the same on a PostgreSQL server, the real deployment's store, when
 *   TEST_DATABASE_URL or DATABASE_URL is set (skipped otherwise). Its baseline has no PGlite database.
 *
 * Printed per source: wall and CPU time, the child's peak RSS while printing, its RSS just before
 * printing (Node, tsx, modules, fonts — and for `store` the PGlite database, opened and filled), and
 * the difference: what printing itself adds. The peak is the kernel's, reset just before printing
 * (`/proc/self/clear_refs`), together with a 10 ms sampler; without the reset it would be the
 * process's lifetime peak, for `store` the creation and seeding of PGlite (about 250 MB more).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { actorFromUser } from '../../engine/context.js';
import { printPdf } from '../../engine/printing/printReport.js';
import { printJournal } from '../../engine/printing/useCases/printJournal.js';
import { DEFAULT_INSTITUTION } from '../../engine/printing/useCases/printRequest.js';
import type { Store } from '../../engine/store/ports.js';
import { testClock } from '../support/testClock.js';
import type { Db } from '../../engine/store/db.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { aJournal, aPrintContext } from '../printing/printingFixtures.js';
import type { Report } from './run.js';

const ROWS = 10_000;
const thisFile = fileURLToPath(import.meta.url);

type Source = 'memory' | 'store' | 'storePostgres';
const SOURCES: readonly Source[] = ['memory', 'store', 'storePostgres'];

interface Measurement {
  seconds: number;
  /** CPU time of the process while printing: steadier than wall time on a loaded machine. */
  cpuSeconds: number;
  peakRssMb: number;
  baselineRssMb: number;
  pages: number;
  pdfMb: number;
}

/** 10,000 documents of one register, written with one statement; returns the register's code and a registrar. */
async function fillStore(
  store: Store,
  db: Db,
): Promise<{ code: string; print: (file: string) => Promise<number> }> {
  const department = await store.departments.insert({ code: 'KANC', name: 'Kanceleja' });
  const registrar = await store.users.insert({
    username: 'registrar',
    displayName: 'Anna Bērziņa',
    roles: ['registrar'],
    departmentId: department.id,
    source: 'local',
  });
  const register = await store.registers.insert({
    code: 'IEN',
    name: 'Ienākošie dokumenti',
    kind: 'incoming',
    numberPattern: '3-12/{yyyy}/{seq}',
    departmentId: department.id,
  });
  const correspondent = await store.correspondents.insert({
    kind: 'organisation',
    name: 'SIA "Ķekavas nami"',
  });
  // One statement: 10,000 calls through the repository would measure the seeding, not the report.
  await db.query(
    `INSERT INTO documents (id, register_id, year, sequence, registration_number, registered_on, subject, status,
                            confidentiality, due_date, correspondent_id, their_number, their_date, created_by)
     SELECT gen_random_uuid(), $1, 2026, n, '3-12/2026/' || n, date '2026-01-01' + (n * 364 / $4),
            'Par ūdensvada remontu Rīgas ielā ' || n || ', Ķekavas pagastā — šķūnis, ģimene, ļoti (' || n || ')',
            'in_progress', 'public', date '2026-12-31', $2, '1-7/' || n, date '2026-01-02', $3
       FROM generate_series(1, $4) AS n`,
    [register.id, correspondent.id, registrar.id, ROWS],
  );
  const ctx = { store, actor: actorFromUser(registrar), clock: testClock(new Date('2026-11-23T12:05:00Z')) };
  return {
    code: register.code,
    print: async (file) => {
      const result = await printJournal(
        ctx,
        { register: register.code, from: '2026-01-01', to: '2026-12-31' },
        {
          format: 'pdf',
          locale: 'lv',
          output: createWriteStream(file),
          templates: createTemplateSource(),
          institution: DEFAULT_INSTITUTION,
        },
      );
      return result.pages ?? 0;
    },
  };
}

interface OpenedStore {
  store: Store;
  db: Db;
  dispose(): Promise<void>;
}

async function openPgliteStore(): Promise<OpenedStore> {
  const { createTestStore, storeAdapters } = await import('../support/storeAdapters.js');
  const adapter = storeAdapters.find((candidate) => candidate.name === 'pglite');
  if (!adapter) throw new Error('no PGlite adapter');
  return createTestStore(adapter);
}

/**
 * A fresh schema on the PostgreSQL server, opened without test/support/storeAdapters: that module
 * also imports PGlite, whose module alone is about 45 MB of RSS under tsx, which a process printing
 * from PostgreSQL need not carry (see docs/performance.md).
 */
async function openPostgresStore(): Promise<OpenedStore> {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('neither TEST_DATABASE_URL nor DATABASE_URL is set');
  const { openPgPoolDb } = await import('../../engine/store/postgres/pgPoolDb.js');
  const { loadMigrations, migrate } = await import('../../engine/store/postgres/migrate.js');
  const { postgresStore } = await import('../../engine/store/postgres/postgresStore.js');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = await openPgPoolDb({ url, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  // The server's default pool (DATABASE_POOL_SIZE).
  const db = await openPgPoolDb({ url, schema, poolSize: 10 });
  await migrate(db, await loadMigrations());
  return {
    store: postgresStore(db),
    db,
    async dispose() {
      await db.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/** Resets the kernel's peak-RSS mark of this process (Linux, `/proc/self/clear_refs`); false where it cannot. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

async function measure(source: Source): Promise<Measurement> {
  const templates = createTemplateSource();
  let printFromStore: ((file: string) => Promise<number>) | null = null;
  let close = async (): Promise<void> => undefined;
  if (source !== 'memory') {
    // Loaded only here, so that the in-memory figures do not carry the stores' modules.
    const opened = source === 'store' ? await openPgliteStore() : await openPostgresStore();
    close = opened.dispose;
    printFromStore = (await fillStore(opened.store, opened.db)).print;
  }
  // Warm up: modules, fonts and the template compiled once, as in a running server.
  await printPdf(
    'journal',
    aJournal(20),
    aPrintContext('lv'),
    new Writable({ write: (_c, _e, done) => done() }),
    templates,
  );
  const baselineRssMb = process.memoryUsage().rss / 1e6;
  let peak = baselineRssMb;
  const peakReset = resetPeakRss();
  // With --expose-gc the sampler collects first: the peak is then what printing keeps alive, not GC lag.
  const collect = (globalThis as { gc?: () => void }).gc;
  const sampler = setInterval(() => {
    collect?.();
    peak = Math.max(peak, process.memoryUsage().rss / 1e6);
  }, 10);
  const directory = await mkdtemp(path.join(os.tmpdir(), 'kanceleja-bench-'));
  try {
    const file = path.join(directory, 'journal.pdf');
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const pages = printFromStore
      ? await printFromStore(file)
      : (await printPdf('journal', aJournal(ROWS), aPrintContext('lv'), createWriteStream(file), templates))
          .pages;
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    // The kernel's peak catches what the 10 ms sampler misses, but only once reset: otherwise it is
    // the process's lifetime peak, for `store` the creation and seeding of the database.
    if (!collect && peakReset) peak = Math.max(peak, (process.resourceUsage().maxRSS * 1024) / 1e6);
    return {
      seconds,
      cpuSeconds,
      peakRssMb: peak,
      baselineRssMb,
      pages,
      pdfMb: (await stat(file)).size / 1e6,
    };
  } finally {
    clearInterval(sampler);
    await rm(directory, { recursive: true, force: true });
    await close();
  }
}

async function measureInChild(source: Source, nodeOptions: string[]): Promise<Measurement> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...nodeOptions, '--import', 'tsx', thisFile],
    {
      env: { ...process.env, KANCELEJA_PRINTING_BENCH_CHILD: source },
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

export default async function run(report: Report): Promise<void> {
  for (const source of SOURCES) {
    // Checked here rather than through storeAdapters, whose import would put the stores' modules
    // into the in-memory child's baseline.
    if (source === 'storePostgres' && !(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL)) {
      process.stdout.write(
        'bench:printing.journal10k.storePostgres skipped: neither TEST_DATABASE_URL nor DATABASE_URL is set\n',
      );
      continue;
    }
    const name = `printing.journal10k.${source}`;
    const measured = await measureInChild(source, []);
    report(`${name}.time`, measured.seconds, 's');
    report(`${name}.cpu`, measured.cpuSeconds, 's');
    report(`${name}.peakRss`, measured.peakRssMb, 'MB');
    report(`${name}.rssBeforePrinting`, measured.baselineRssMb, 'MB');
    report(`${name}.rssAddedByPrinting`, measured.peakRssMb - measured.baselineRssMb, 'MB');
    report(`${name}.pages`, measured.pages, 'pages');
    report(`${name}.pdfSize`, measured.pdfMb, 'MB');
    report(`${name}.rowsPerSecond`, ROWS / measured.seconds, 'rows/s');
    const collected = await measureInChild(source, ['--expose-gc']);
    report(`${name}.peakRssCollectingGarbage`, collected.peakRssMb, 'MB');
    report(
      `${name}.rssAddedByPrintingCollectingGarbage`,
      collected.peakRssMb - collected.baselineRssMb,
      'MB',
    );
  }
}

const childSource = SOURCES.find((source) => source === process.env.KANCELEJA_PRINTING_BENCH_CHILD);
if (childSource && process.argv[1] === thisFile) {
  process.stdout.write(`${JSON.stringify(await measure(childSource))}\n`);
}
