/**
 * Reads a multipart/form-data request with busboy: text fields are kept, and each file is streamed
 * straight into the BlobStore by uploadFile (size limit, hash, type sniffing) — never held in
 * memory or written to a temporary file. Files are prepared one after another, in the order sent.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { UseCaseContext } from '../../../engine/context.js';
import { type PreparedAttachment, uploadFile } from '../../../engine/records/attachments.js';
import { DomainError, Invalid, TooLarge } from '../../../engine/errors.js';
import { apiLanguage, translator } from '../../i18n/translate.js';

export interface MultipartForm {
  fields: Map<string, string>;
  files: PreparedAttachment[];
}

const LIMITS = { files: 20, fields: 50, fieldSize: 1024 * 1024, parts: 100 };

export function readMultipart(
  req: Request,
  options: { ctx: UseCaseContext; maxBytes: number; fileField?: string },
): Promise<MultipartForm> {
  const t = translator(apiLanguage(req));
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      // Browsers send UTF-8 file names unencoded: `defParamCharset` keeps `Bērziņš.pdf` intact.
      parser = busboy({ headers: req.headers, limits: LIMITS, defParamCharset: 'utf8' });
    } catch (error) {
      reject(new Invalid(t('api.multipartInvalid', { reason: (error as Error).message })));
      return;
    }
    const fields = new Map<string, string>();
    const files: PreparedAttachment[] = [];
    let failure: unknown = null;
    let queue: Promise<void> = Promise.resolve();
    // The first problem answers; the rest of the body is read and dropped, so that the client can
    // finish sending and read the answer. The parser is destroyed, which fails the file being
    // stored; the answer waits until the blob store has removed that partial file.
    const fail = (error: unknown) => {
      if (failure !== null) return;
      failure = error;
      req.unpipe(parser);
      req.resume();
      parser.destroy();
      void queue.then(() => reject(error));
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new TooLarge(`The form field "${name}" is too large.`));
      else fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      // A body that ends inside a file part makes the file stream emit 'error' ("Unexpected end of
      // form"), possibly before its turn in the queue: unheard, that error would end the process.
      // It is only heard here: the parser reports the broken body itself (its 'error' below), and
      // a consumer that gave up on the stream (too large) reports its own reason, which comes first.
      stream.on('error', () => undefined);
      if (failure !== null || (options.fileField !== undefined && name !== options.fileField)) {
        if (failure === null) {
          fail(
            new Invalid(t('api.invalidRequest'), [
              { field: name, message: `send files as "${options.fileField}"` },
            ]),
          );
        }
        stream.resume();
        return;
      }
      queue = queue.then(async () => {
        // An earlier file or the body itself failed: this one is drained, not stored.
        if (failure !== null) {
          stream.resume();
          return;
        }
        try {
          files.push(
            await uploadFile(options.ctx, {
              fileName: info.filename ?? '',
              content: stream,
              maxBytes: options.maxBytes,
            }),
          );
        } catch (error) {
          // The blob store removed its partial file. A read that failed because the body broke off
          // is the client's mistake (400); anything else keeps its own status.
          const broken = stream.errored !== null && !(error instanceof DomainError);
          fail(broken ? new Invalid(t('api.multipartInvalid', { reason: (error as Error).message })) : error);
        }
      });
    });
    for (const limit of ['filesLimit', 'fieldsLimit', 'partsLimit'] as const) {
      parser.on(limit, () =>
        fail(new TooLarge(`The form has too many parts (at most ${LIMITS.files} files).`)),
      );
    }
    parser.on('error', (error: Error) =>
      fail(new Invalid(t('api.multipartInvalid', { reason: error.message }))),
    );
    parser.on('close', () => {
      void queue.then(() => {
        if (failure === null) resolve({ fields, files });
      });
    });
    req.pipe(parser);
  });
}
