/**
 * The web layer calls use cases and query use cases only (docs/architecture.md, "Layers"): no
 * module under web/ reaches into the store itself, so every read and write passes a policy check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const WEB = path.dirname(fileURLToPath(import.meta.url));

/** The TypeScript sources of web/, tests and test folders left out. */
function webSources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory())
      return ['test', '__tests__', 'node_modules'].includes(entry.name) ? [] : webSources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** `ctx.store` anywhere, or a repository called on any store (`deps.store.users.get(…)`). */
const STORE_USE = /\bctx\.store\b|\bstore\??\.[A-Za-z]+\??\.[A-Za-z]+\(/;

describe('the web layer', () => {
  it('calls no store directly, only use cases', () => {
    // given every source file of web/
    const files = webSources(WEB);
    expect(files.length).toBeGreaterThan(50);

    // when each line is read for a store call
    const offending = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) =>
          STORE_USE.test(line) ? [`${path.relative(WEB, file)}:${index + 1}: ${line.trim()}`] : [],
        ),
    );

    // then there is none
    expect(offending).toEqual([]);
  });
});
