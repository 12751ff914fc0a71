/** Removes the run's directory of prepared PGlite databases (see globalSetup.mjs). */
import { rmSync } from 'node:fs';

export default function globalTeardown() {
  const root = process.env.KANCELEJA_TEST_TEMPLATES;
  if (root) rmSync(root, { recursive: true, force: true });
}
