/**
 * The store port is one a second database could implement without reading the PostgreSQL adapter:
 * the ports and their neutral modules import no adapter, driver or engine layer above them; the
 * contract suite reaches a store through the port and its fixtures only; and no adapter reads
 * process variables by name (resolutions come through the `ResolutionReader` it is given).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const storeDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(storeDir, '../..');
const contractDir = path.join(root, 'test/store/contract');

const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map((match) => match[1] as string);

/** The port modules and the neutral modules every adapter and caller uses. */
const portFiles = readdirSync(storeDir)
  .filter(
    (name) =>
      /Ports\.ts$|^ports\.ts$/.test(name) ||
      ['textFolding.ts', 'documentResolution.ts', 'ids.ts'].includes(name),
  )
  .map((name) => path.join(storeDir, name));

describe('a neutral store port', () => {
  it('imports only other port modules, domain errors and Node types', () => {
    const allowed = /^(\.\/[A-Za-z]+\.js|\.\.\/errors\.js|node:[a-z]+)$/;
    const outside = portFiles.flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !allowed.test(specifier) || specifier === './db.js')
        .map((specifier) => `${path.basename(file)} → ${specifier}`),
    );

    expect(portFiles.length).toBeGreaterThan(10);
    expect(outside).toEqual([]);
  });

  it('is checked by a contract suite that uses no query language and no adapter module', () => {
    const files = readdirSync(contractDir).filter((name) => name.endsWith('.ts'));
    const found = files.flatMap((name) => {
      const file = path.join(contractDir, name);
      const text = readFileSync(file, 'utf8');
      return [
        ...importsOf(file)
          .filter((specifier) => /engine\/store\/(postgres\/|db\.js)/.test(specifier))
          .map((specifier) => `${name} imports ${specifier}`),
        ...(/\bdb\.(query|exec)\b|\bdescribeEachStore\b/.test(text) ? [`${name} reaches past the port`] : []),
      ];
    });

    expect(files.length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });

  it('leaves reading process variables to the engine: no adapter names one in its SQL', () => {
    const adapterDir = path.join(storeDir, 'postgres');
    const reading = readdirSync(adapterDir)
      .filter((name) => name.endsWith('.ts'))
      .filter((name) => /variables\s*(->|#>)/.test(readFileSync(path.join(adapterDir, name), 'utf8')));

    expect(reading).toEqual([]);
  });
});
