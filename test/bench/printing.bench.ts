/**
 * A 10,000-row registration journal printed to a file: time and peak RSS. Target ≤ 3 s, ≤ 200 MB.
 * The measurement runs in a child process (this same file, run directly) so that the RSS is the
 * report's and not the bench runner's; the child also reports its RSS before printing (Node, tsx,
 * the loaded modules and fonts) so that the report's own share is visible.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { printPdf } from '../../engine/printing/printReport.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { aJournal, aPrintContext } from '../printing/printingFixtures.js';
import type { Report } from './run.js';

const ROWS = 10_000;
const thisFile = fileURLToPath(import.meta.url);

interface Measurement {
  seconds: number;
  /** CPU time of the process while printing: steadier than wall time on a loaded machine. */
  cpuSeconds: number;
  peakRssMb: number;
  baselineRssMb: number;
  pages: number;
  pdfMb: number;
}

async function measure(): Promise<Measurement> {
  const templates = createTemplateSource();
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
    const result = await printPdf(
      'journal',
      aJournal(ROWS),
      aPrintContext('lv'),
      createWriteStream(file),
      templates,
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    if (!collect) peak = Math.max(peak, process.resourceUsage().maxRSS / 1e3);
    return {
      seconds,
      cpuSeconds,
      peakRssMb: peak,
      baselineRssMb,
      pages: result.pages,
      pdfMb: (await stat(file)).size / 1e6,
    };
  } finally {
    clearInterval(sampler);
    await rm(directory, { recursive: true, force: true });
  }
}

async function measureInChild(nodeOptions: string[]): Promise<Measurement> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [...nodeOptions, '--import', 'tsx', thisFile],
    {
      env: { ...process.env, KANCELEJA_PRINTING_BENCH_CHILD: '1' },
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

export default async function run(report: Report): Promise<void> {
  const measured = await measureInChild([]);
  report('printing.journal10k.time', measured.seconds, 's');
  report('printing.journal10k.cpu', measured.cpuSeconds, 's');
  report('printing.journal10k.peakRss', measured.peakRssMb, 'MB');
  report('printing.journal10k.rssBeforePrinting', measured.baselineRssMb, 'MB');
  report('printing.journal10k.pages', measured.pages, 'pages');
  report('printing.journal10k.pdfSize', measured.pdfMb, 'MB');
  report('printing.journal10k.rowsPerSecond', ROWS / measured.seconds, 'rows/s');
  const collected = await measureInChild(['--expose-gc']);
  report('printing.journal10k.peakRssCollectingGarbage', collected.peakRssMb, 'MB');
  report('printing.journal10k.rssBeforePrintingCollectingGarbage', collected.baselineRssMb, 'MB');
}

if (process.env.KANCELEJA_PRINTING_BENCH_CHILD === '1' && process.argv[1] === thisFile) {
  process.stdout.write(`${JSON.stringify(await measure())}\n`);
}
