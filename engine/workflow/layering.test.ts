/**
 * The workflow runtime knows nothing of records or notifications (docs/architecture.md, "Workflow
 * execution"): it reports what its steps did to listeners, and the composition root
 * (engine/composition.ts) gives it what records and notifications provide. No module under
 * engine/workflow/, tests included, imports from engine/records/ or engine/notifications/; nor does
 * any module under engine/policies/, which the workflow may import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const WORKFLOW = path.dirname(fileURLToPath(import.meta.url));
const ENGINE = path.dirname(WORKFLOW);
const FORBIDDEN = ['records', 'notifications'].map((folder) => path.join(ENGINE, folder) + path.sep);

/** Every TypeScript file under `directory`, tests included. */
function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`, over several lines too. */
const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(SPECIFIER)].map((match) => match[1] ?? '');
}

/** The relative imports of `files` that resolve into records or notifications. */
const forbiddenImportsOf = (files: string[]): string[] =>
  files.flatMap((file) =>
    importsOf(file)
      .filter((specifier) => specifier.startsWith('.'))
      .filter((specifier) => {
        const target = path.resolve(path.dirname(file), specifier);
        return FORBIDDEN.some((folder) => target.startsWith(folder));
      })
      .map((specifier) => `${path.relative(ENGINE, file)} imports ${specifier}`),
  );

describe('the workflow runtime', () => {
  it('imports nothing from records or notifications', () => {
    // given every TypeScript file under engine/workflow/
    const files = typeScriptFiles(WORKFLOW);
    expect(files.length).toBeGreaterThan(50);

    // when each import is resolved against its file
    const offending = forbiddenImportsOf(files);

    // then none reaches into records or notifications
    expect(offending).toEqual([]);
  });

  it('may use the policies, which import nothing from records or notifications either', () => {
    // given every TypeScript file under engine/policies/, which the workflow imports
    const files = typeScriptFiles(path.join(ENGINE, 'policies'));
    expect(files.length).toBeGreaterThan(5);

    // when each import is resolved against its file
    const offending = forbiddenImportsOf(files);

    // then none reaches into records or notifications
    expect(offending).toEqual([]);
  });

  it('finds an import it must refuse', () => {
    // given a file that imports from records, on several lines
    const text = "import {\n  grantRoutedAccess,\n} from '../../records/routedAccess.js';\n";

    // when its imports are read
    const specifiers = [...text.matchAll(SPECIFIER)].map((match) => match[1]);

    // then the records module is among them
    expect(specifiers).toEqual(['../../records/routedAccess.js']);
  });
});
