import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { TooLarge } from '../../errors.js';
import { HEAD_BYTES, IntegrityError } from '../blobPorts.js';

/** Reads `source` whole-chunk by chunk, hashing it, keeping its head and refusing it past `maxBytes`. */
export async function* hashedChunks(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
  result: { sha256: string; size: number; head: Uint8Array },
): AsyncGenerator<Uint8Array> {
  const hash = createHash('sha256');
  const head: Uint8Array[] = [];
  let headSize = 0;
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > maxBytes)
      throw new TooLarge(
        `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
        'refusal.fileTooLarge',
        { megabytes: Math.round(maxBytes / 1024 / 1024) },
      );
    if (headSize < HEAD_BYTES) {
      head.push(chunk.subarray(0, HEAD_BYTES - headSize));
      headSize += Math.min(chunk.byteLength, HEAD_BYTES - headSize);
    }
    hash.update(chunk);
    yield chunk;
  }
  result.sha256 = hash.digest('hex');
  result.size = size;
  result.head = Buffer.concat(head);
}

/** Passes `source` through and fails the stream at its end if the bytes do not hash to `sha256`. */
export function verifying(source: Readable, sha256: string): Readable {
  const hash = createHash('sha256');
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      done(hash.digest('hex') === sha256 ? null : new IntegrityError(sha256));
    },
  });
  source.on('error', (error) => check.destroy(error));
  // A small file is read and checked at once, maybe before its reader listens (a caller awaits
  // something between opening and piping): an 'error' nobody heard would then end the process.
  // The stream stays errored, and whoever pipes it later gets the error from it.
  check.on('error', () => undefined);
  return source.pipe(check);
}

export const fromBuffer = (bytes: Uint8Array): Readable => Readable.from([Buffer.from(bytes)]);
