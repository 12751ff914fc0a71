/**
 * Blobs inside the database (`blobs.data`), for sites that back up only their PostgreSQL server.
 * A blob is held in memory while stored or read, which the upload limit keeps bounded.
 */
import { NotFound } from '../../errors.js';
import type { BlobStore, StoredBlob } from '../blobPorts.js';
import { fromBuffer, hashedChunks, verifying } from '../blobs/hashingReader.js';
import type { Queryable } from '../db.js';

export function databaseBlobStore(db: Queryable): BlobStore {
  return {
    kind: 'database',
    async put(source, { maxBytes }) {
      const stored: StoredBlob = { sha256: '', size: 0, head: new Uint8Array() };
      const chunks: Uint8Array[] = [];
      for await (const chunk of hashedChunks(source, maxBytes, stored)) chunks.push(chunk);
      await db.query(
        'INSERT INTO blobs (sha256, size, data) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING',
        [stored.sha256, stored.size, Buffer.concat(chunks)],
      );
      return stored;
    },
    async open(sha256) {
      const [row] = await db.query<{ data: Uint8Array }>('SELECT data FROM blobs WHERE sha256 = $1', [
        sha256,
      ]);
      if (!row) throw new NotFound(`No stored content ${sha256}.`);
      return verifying(fromBuffer(row.data), sha256);
    },
    async has(sha256) {
      const [row] = await db.query('SELECT 1 FROM blobs WHERE sha256 = $1', [sha256]);
      return row !== undefined;
    },
    async remove(sha256) {
      await db.query('DELETE FROM blobs WHERE sha256 = $1', [sha256]);
    },
  };
}
