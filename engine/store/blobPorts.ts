/**
 * Content-addressed storage of attachment bytes: a blob is named by the SHA-256 of its content,
 * so identical files are stored once and every read can prove the bytes are the ones stored.
 */
import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  size: number;
  /** The first bytes, for sniffing the content type without reading the blob again. */
  head: Uint8Array;
}

export interface BlobStore {
  readonly kind: 'files' | 'database';
  /**
   * Stores the bytes of `source`; throws TooLarge (and stores nothing) past `maxBytes`.
   * Storing content that is already there is cheap and returns the same name.
   */
  put(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredBlob>;
  /**
   * The bytes of a blob. The stream fails with an IntegrityError instead of ending if what was
   * read does not hash to `sha256`; NotFound when there is no such blob.
   */
  open(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /**
   * Deletes a blob for good (the archive's disposal, engine/archive); nothing when there is none.
   * The caller makes sure nothing that keeps content still refers to it.
   */
  remove(sha256: string): Promise<void>;
}

/** Stored bytes that no longer match their hash: a disk fault or tampering. */
export class IntegrityError extends Error {
  constructor(readonly sha256: string) {
    super(`the stored content ${sha256} is damaged: its bytes no longer match their SHA-256`);
    this.name = 'IntegrityError';
  }
}

export const HEAD_BYTES = 4100;
