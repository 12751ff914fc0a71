/**
 * Sends stored bytes only once they are proven intact. The blob store checks the SHA-256 at the end
 * of the stream; by then every byte but the last chunk could already be on the wire. Holding back one
 * chunk means a damaged blob never arrives complete: the response is aborted before its last bytes,
 * and the client sees a failed download instead of a file that looks whole.
 */
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { Request, Response } from 'express';
import { IntegrityError } from '../../../engine/store/blobPorts.js';

function holdLastChunk(): Transform {
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const previous = held;
      held = chunk;
      done(null, previous ?? undefined);
    },
    // Called only when the source ended without an error, i.e. after the hash was verified.
    flush(done) {
      done(null, held ?? undefined);
    },
  });
}

export async function sendVerified(req: Request, res: Response, content: Readable): Promise<void> {
  try {
    await pipeline(content, holdLastChunk(), res);
  } catch (error) {
    if (error instanceof IntegrityError) req.log.error({ err: error }, 'download aborted: damaged content');
    else req.log.info({ err: error }, 'download ended early');
    // Headers are sent: the only honest answer left is to cut the connection.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
