/**
 * The README's examples held to the code: an administrator copies them, so they must say what the
 * code does. A failure here means: update the README (or the code) in the same change.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../engine/config.js';
import { SHIPPED_MIGRATIONS_DIR } from '../../engine/store/postgres/migrate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = () => readFile(path.join(root, 'README.md'), 'utf8');

/** The text of one `## ` section of the README, up to the next one. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "## ${title}"`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The environment variables `loadConfig` reads, recorded as it reads them (LDAP's only when LDAP is on). */
function variablesReadByConfig(): string[] {
  const seen = new Set<string>();
  const recording = (values: Record<string, string>) =>
    new Proxy(values, {
      get(target, name) {
        if (typeof name === 'string') seen.add(name);
        return target[name as string];
      },
    });
  loadConfig(recording({}), '/');
  loadConfig(recording({ LDAP_URL: 'ldap://127.0.0.1', LDAP_SEARCH_BASE: 'dc=novads,dc=lv' }), '/');
  return [...seen].sort();
}

describe('the README', () => {
  it("names the latest migration and the package's version in its health example", async () => {
    // given
    const migrations = (await readdir(SHIPPED_MIGRATIONS_DIR))
      .filter((name) => name.endsWith('.sql'))
      .sort()
      .map((name) => name.replace(/\.sql$/, ''));
    const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      version: string;
    };
    // when
    const example = /`(\{"status":"ok",[^`]*\})`/.exec(section(await readme(), 'First start'))?.[1];
    // then
    expect(example && JSON.parse(example)).toEqual({
      status: 'ok',
      version,
      store: 'pglite',
      migration: migrations.at(-1),
    });
  });

  it('lists in its configuration table exactly the environment variables the server reads', async () => {
    // when
    const table = section(await readme(), 'Configuration')
      .split('\n')
      .filter((line) => /^\| `[A-Z]/.test(line))
      .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
    // then
    expect([...new Set(table)].sort()).toEqual(variablesReadByConfig());
  });

  it('names only npm scripts that package.json has', async () => {
    // given
    const { scripts } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    // when
    const named = [...(await readme()).matchAll(/npm run ([a-z][\w:-]*)/g)].map((match) => match[1]!);
    // then
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !(name in scripts))).toEqual([]);
  });
});
