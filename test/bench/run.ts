/**
 * `npm run bench [-- NAME ...]`: runs test/bench/NAME.bench.ts (all of them without a name).
 * A bench module default-exports `run(report)`; every figure is printed on its own line as
 * `bench:<name> <value> <unit>`. Benchmarks print, they never pass or fail.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { composeEngine } from '../../engine/composition.js';

export type Report = (name: string, value: number, unit: string) => void;
export type Bench = (report: Report) => Promise<void>;

const dir = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const available = (await readdir(dir))
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.slice(0, -9));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark: ${unknown.join(', ')} (available: ${available.join(', ')})\n`);
  process.exit(2);
}

const report: Report = (name, value, unit) => {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 3 : 1);
  process.stdout.write(`bench:${name} ${shown} ${unit}\n`);
};

composeEngine();
for (const name of wanted.length > 0 ? wanted : available) {
  const module = (await import(pathToFileURL(path.join(dir, `${name}.bench.ts`)).href)) as { default: Bench };
  await module.default(report);
}
