/** package.json as npm reads it: every dependency's install script reviewed, no deprecated pin. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('package.json', () => {
  it('allows the install scripts the project needs and denies the rest, so that npm ci warns of none', async () => {
    // given
    const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
      allowScripts?: Record<string, boolean>;
    };
    // when: npm's own list of installed packages whose install scripts allowScripts does not cover
    const { stdout } = await promisify(execFile)('npm', ['install-scripts', 'ls', '--json'], { cwd: root });
    // then
    expect(JSON.parse(stdout)).toEqual({ allowScripts: [] });
    expect(manifest.allowScripts).toMatchObject({ argon2: true, esbuild: true });
    const telemetry = Object.entries(manifest.allowScripts ?? {}).filter(([name]) =>
      name.startsWith('@carbon/'),
    );
    expect(telemetry.length).toBeGreaterThan(0);
    expect(telemetry.every(([, allowed]) => allowed === false)).toBe(true);
  }, 60_000);

  it('uses the maintained line of bpmn-js-properties-panel (6.0.1 is deprecated)', async () => {
    const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string }>;
    };
    expect(lock.packages['node_modules/bpmn-js-properties-panel']?.version).toMatch(/^5\./);
  });
});
