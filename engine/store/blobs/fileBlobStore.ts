/** Blobs as files under a directory: `ab/cd/abcd…` by their SHA-256, written atomically. */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { NotFound } from '../../errors.js';
import type { BlobStore, StoredBlob } from '../blobPorts.js';
import { hashedChunks, verifying } from './hashingReader.js';

const SHA256 = /^[0-9a-f]{64}$/;

export function fileBlobStore(dir: string): BlobStore {
  const location = (sha256: string) => path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const exists = (file: string) =>
    access(file).then(
      () => true,
      () => false,
    );
  return {
    kind: 'files',
    async put(source, { maxBytes }) {
      const incoming = path.join(dir, 'incoming');
      await mkdir(incoming, { recursive: true });
      const temporary = path.join(incoming, randomUUID());
      const stored: StoredBlob = { sha256: '', size: 0, head: new Uint8Array() };
      try {
        await pipeline(hashedChunks(source, maxBytes, stored), createWriteStream(temporary, { mode: 0o600 }));
        const target = location(stored.sha256);
        if (await exists(target)) {
          await rm(temporary, { force: true });
        } else {
          await mkdir(path.dirname(target), { recursive: true });
          await rename(temporary, target);
        }
        return stored;
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async open(sha256) {
      const file = SHA256.test(sha256) ? location(sha256) : null;
      if (!file || !(await exists(file))) throw new NotFound(`No stored content ${sha256}.`);
      return verifying(createReadStream(file), sha256);
    },
    has: async (sha256) => SHA256.test(sha256) && exists(location(sha256)),
    async remove(sha256) {
      if (SHA256.test(sha256)) await rm(location(sha256), { force: true });
    },
  };
}
