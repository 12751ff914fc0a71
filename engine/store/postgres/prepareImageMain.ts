/** `npm run prepare-db-image`: writes the embedded database's prepared image (pgliteImage.ts). */
import { existsSync } from 'node:fs';
import { loadMigrations } from './migrate.js';
import { buildImage, imageFile } from './pgliteImage.js';

const migrations = await loadMigrations();
const existing = imageFile(migrations);
if (existsSync(existing)) {
  process.stdout.write(`prepared database image already there: ${existing}\n`);
} else {
  const began = performance.now();
  const file = await buildImage(migrations);
  process.stdout.write(
    `prepared database image written in ${((performance.now() - began) / 1000).toFixed(1)} s: ${file}\n`,
  );
}
