import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { NotFound, TooLarge } from '../../engine/errors.js';
import { type BlobStore, IntegrityError } from '../../engine/store/blobPorts.js';
import { fileBlobStore } from '../../engine/store/blobs/fileBlobStore.js';
import { databaseBlobStore } from '../../engine/store/postgres/databaseBlobStore.js';
import { createTestStore, storeAdapters } from '../support/storeAdapters.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const chunked = (bytes: Buffer, size = 1000) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );
const readAll = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe.each(['files', 'database'] as const)('the %s blob store', (kind) => {
  let blobs: BlobStore;
  let damage: (sha256: string) => Promise<void>;
  let cleanup: () => Promise<void>;
  let count: () => Promise<number>;

  beforeAll(async () => {
    if (kind === 'files') {
      const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-blobs-'));
      blobs = fileBlobStore(dir);
      damage = (sha256) =>
        writeFile(path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256), 'tampered');
      count = async () =>
        (await readdir(dir, { recursive: true })).filter((f) => /[0-9a-f]{64}$/.test(f)).length;
      cleanup = () => rm(dir, { recursive: true, force: true });
    } else {
      const adapter = storeAdapters[0];
      if (!adapter) throw new Error('no adapter');
      const { db, dispose } = await createTestStore(adapter);
      blobs = databaseBlobStore(db);
      damage = async (sha256) => {
        await db.query(`UPDATE blobs SET data = 'tampered'::bytea WHERE sha256 = $1`, [sha256]);
      };
      count = async () => (await db.query('SELECT 1 FROM blobs')).length;
      cleanup = dispose;
    }
  });
  afterAll(() => cleanup());

  it('stores bytes under their SHA-256 once, and gives them back', async () => {
    const bytes = Buffer.from('Iesniegums par ielu apgaismojumu — Ādaži '.repeat(200));

    const first = await blobs.put(chunked(bytes), { maxBytes: 1_000_000 });
    const again = await blobs.put(chunked(bytes, 333), { maxBytes: 1_000_000 });

    expect(first).toMatchObject({ sha256: sha(bytes), size: bytes.length });
    expect(Buffer.from(first.head)).toEqual(bytes.subarray(0, 4100));
    expect(again.sha256).toBe(first.sha256);
    expect(await readAll(await blobs.open(first.sha256))).toEqual(bytes);
    expect(await blobs.has(first.sha256)).toBe(true);
  });

  it('refuses content over the limit and keeps none of it', async () => {
    const before = await count();
    await expect(blobs.put(chunked(Buffer.alloc(5000, 1)), { maxBytes: 4096 })).rejects.toBeInstanceOf(
      TooLarge,
    );
    expect(await count()).toBe(before);
  });

  it('fails the read of damaged content instead of returning it', async () => {
    const stored = await blobs.put(chunked(Buffer.from('Rīkojums Nr. 1-10/15')), { maxBytes: 1000 });

    await damage(stored.sha256);

    await expect(readAll(await blobs.open(stored.sha256))).rejects.toBeInstanceOf(IntegrityError);
  });

  it('fails damaged content for a reader that comes late, without an error nobody hears', async () => {
    const stored = await blobs.put(chunked(Buffer.from('Līgums Nr. 7')), { maxBytes: 1000 });
    await damage(stored.sha256);
    const unheard: unknown[] = [];
    const hear = (error: unknown) => unheard.push(error);
    process.on('uncaughtException', hear);
    try {
      const content = await blobs.open(stored.sha256);
      // The caller awaits something else first: the small file is read and checked meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 100));

      await expect(readAll(content)).rejects.toBeInstanceOf(IntegrityError);
      expect(unheard).toEqual([]);
    } finally {
      process.off('uncaughtException', hear);
    }
  });

  it('answers NotFound for content it does not have', async () => {
    await expect(blobs.open('0'.repeat(64))).rejects.toBeInstanceOf(NotFound);
    await expect(blobs.open('../../etc/passwd')).rejects.toBeInstanceOf(NotFound);
  });
});
