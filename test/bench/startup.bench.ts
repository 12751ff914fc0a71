/**
 * Start-up of the embedded default (issue 19, part 3): `npm start` (node --import tsx web/main.ts)
 * as a child process on a fresh DATA_DIR — the first start creates the embedded database, migrates
 * it, deploys the shipped processes and seeds the demo municipality — then stopped and started
 * again on the same directory. Prints the time from spawn to "listening" for each, and the resident
 * memory (RSS, /proc/PID/status) of the restarted server after it has been idle for a while, also
 * of the first one. Targets: first start ≤ 5 s, restart ≤ 2 s, idle RSS ≤ 300 MB. The first start
 * is measured twice per round: running initdb (no prepared image), and loading the prepared image
 * (`npm run prepare-db-image`, built once before the rounds and timed).
 *
 * STARTUP_ROUNDS (default 3) runs the pair that many times, each on a new directory; the figures
 * printed are each round's, then the medians. STARTUP_IDLE_SECONDS (default 10) is the idle wait.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations } from '../../engine/store/postgres/migrate.js';
import { buildImage } from '../../engine/store/postgres/pgliteImage.js';
import type { Report } from './run.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Started {
  child: ChildProcess;
  seconds: number;
  exited: Promise<number | string | null>;
}

async function start(dataDir: string, imageDir: string): Promise<Started> {
  const { NODE_OPTIONS: _notThese, DATABASE_URL: _norThis, ...inherited } = process.env;
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'web/main.ts'], {
    cwd: root,
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      KANCELEJA_IMAGE_DIR: imageDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/"msg":"listening"/.test(output)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, seconds: (performance.now() - began) / 1000, exited };
}

async function rssMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function stop(server: Started): Promise<void> {
  server.child.kill('SIGTERM');
  const code = await server.exited;
  if (code !== 0) throw new Error(`server stopped with ${code}`);
}

const idle = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export default async function startup(report: Report): Promise<void> {
  const rounds = Number(process.env.STARTUP_ROUNDS ?? 3);
  const idleSeconds = Number(process.env.STARTUP_IDLE_SECONDS ?? 10);
  const scratch = await mkdtemp(path.join(tmpdir(), 'kanceleja-startup-'));
  const noImage = path.join(scratch, 'no-image');
  const imageDir = path.join(scratch, 'image');
  // The prepared image, as `npm run prepare-db-image` writes it (timed, once).
  const previous = process.env.KANCELEJA_IMAGE_DIR;
  process.env.KANCELEJA_IMAGE_DIR = imageDir;
  const built = performance.now();
  await buildImage(await loadMigrations());
  report('startup.pglite.prepare-db-image', (performance.now() - built) / 1000, 's');
  if (previous === undefined) delete process.env.KANCELEJA_IMAGE_DIR;
  else process.env.KANCELEJA_IMAGE_DIR = previous;

  const figures: Record<string, number[]> = {};
  const note = (name: string, value: number, unit: string) => {
    report(`startup.pglite.${name}`, value, unit);
    (figures[`${name.replace(/^round\d+\./, '')}|${unit}`] ??= []).push(value);
  };
  try {
    for (let round = 1; round <= rounds; round++) {
      // Without an image: initdb at the first start (as before).
      const plainDir = path.join(scratch, `plain-${round}`);
      const plain = await start(plainDir, noImage);
      await idle(idleSeconds);
      note(`round${round}.first-start.initdb`, plain.seconds, 's');
      note(`round${round}.idle-rss-after-first-start.initdb`, await rssMegabytes(plain.child.pid!), 'MB');
      await stop(plain);
      await rm(plainDir, { recursive: true, force: true });
      // With the prepared image, then a restart on the same directory.
      const dataDir = path.join(scratch, `image-${round}`);
      const first = await start(dataDir, imageDir);
      await idle(idleSeconds);
      note(`round${round}.first-start.prepared-image`, first.seconds, 's');
      note(
        `round${round}.idle-rss-after-first-start.prepared-image`,
        await rssMegabytes(first.child.pid!),
        'MB',
      );
      await stop(first);
      const again = await start(dataDir, imageDir);
      await idle(idleSeconds);
      note(`round${round}.restart`, again.seconds, 's');
      note(`round${round}.idle-rss`, await rssMegabytes(again.child.pid!), 'MB');
      await stop(again);
      await rm(dataDir, { recursive: true, force: true });
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  for (const [key, values] of Object.entries(figures)) {
    const [name, unit] = key.split('|') as [string, string];
    report(`startup.pglite.${name}.median`, median(values), unit);
  }
}
