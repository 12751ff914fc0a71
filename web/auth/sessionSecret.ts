/**
 * The secret that signs session cookies: SESSION_SECRET when set (required in production), else one
 * generated at the first start and kept in DATA_DIR/session-secret (mode 0600), so that sessions
 * survive restarts without any set-up.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StartupError } from '../../engine/errors.js';

export const SESSION_SECRET_FILE = 'session-secret';

export async function resolveSessionSecret(configured: string | null, dataDir: string): Promise<string> {
  if (configured !== null) return configured;
  const file = path.join(dataDir, SESSION_SECRET_FILE);
  await mkdir(dataDir, { recursive: true });
  try {
    // `wx`: when several processes start at once, one writes and the others read what it wrote.
    await writeFile(file, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < 32) {
    throw new StartupError(`${file} holds no usable session secret; delete it to have a new one made`);
  }
  return secret;
}
