/**
 * Multipart form posts of the pages (file uploads without JavaScript). Mounted with the body
 * parsers, before the session's CSRF guard, because the guard reads `_csrf` from the parsed body.
 * Files are spooled to a private temporary directory — not yet into the BlobStore, since nobody is
 * authorised at this point — and removed when the response ends. Only listed paths are parsed, and
 * only for requests carrying a session cookie; everything else passes untouched.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';
import busboy from 'busboy';
import { Invalid } from '../../engine/errors.js';
import { requestLanguage, translator } from '../i18n/translate.js';
import type { FormFields } from './formBody.js';

export interface UploadedFile {
  fieldName: string;
  fileName: string;
  /** Where the bytes wait until the handler stores them. */
  path: string;
  size: number;
  /** The file was cut at the size limit: it is too large. */
  truncated: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Files of a multipart page form, set by `multipartPageForms`. */
    uploads?: UploadedFile[];
    /** More files were sent than a form takes; the rest were dropped. */
    tooManyFiles?: boolean;
  }
}

/** busboy's error for a body that ends inside a part, before the closing boundary. */
const UNEXPECTED_END = 'Unexpected end of form';

export interface MultipartOptions {
  /** Paths whose POSTs may be multipart: exact paths, or patterns a whole path must match. */
  paths: readonly (string | RegExp)[];
  sessionCookie: string;
  maxFileBytes: number;
  maxFiles: number;
}

export function multipartPageForms(options: MultipartOptions): RequestHandler {
  return (req, res, next) => {
    if (
      req.method !== 'POST' ||
      !options.paths.some((p) => (typeof p === 'string' ? p === req.path : p.test(req.path))) ||
      !req.is('multipart/form-data') ||
      !(req.get('cookie') ?? '').includes(`${options.sessionCookie}=`)
    ) {
      return next();
    }
    void parse(req, options).then(
      ({ fields, uploads, directory, tooManyFiles }) => {
        res.on('close', () => void rm(directory, { recursive: true, force: true }));
        req.body = fields;
        req.uploads = uploads;
        req.tooManyFiles = tooManyFiles;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

async function parse(req: Parameters<RequestHandler>[0], options: MultipartOptions) {
  const t = translator(requestLanguage(req));
  const directory = await mkdtemp(path.join(tmpdir(), 'kanceleja-upload-'));
  const fields: FormFields = {};
  const uploads: UploadedFile[] = [];
  const writes: Promise<void>[] = [];
  let tooManyFiles = false;
  try {
    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          // Browsers send UTF-8 file names unencoded: without this `ē` arrives as `Ä`.
          defParamCharset: 'utf8',
          // One byte over the limit tells "too large" from "exactly at the limit".
          limits: {
            fileSize: options.maxFileBytes + 1,
            files: options.maxFiles,
            fields: 200,
            fieldSize: 64 * 1024,
          },
        });
      } catch {
        // No boundary, or not multipart after all. busboy's reason is English and means nothing to
        // the person at the form: the page says so in its language.
        reject(new Invalid(t('upload.unreadable')));
        return;
      }
      parser.on('field', (name, value) => {
        const before = fields[name];
        fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
      });
      parser.on('file', (fieldName, stream, info) => {
        // The parser reports a broken body itself (below); an unheard 'error' on a file stream would
        // end the process.
        stream.on('error', () => undefined);
        // A file input left empty still sends a part, without a name.
        if (!info.filename) {
          stream.resume();
          return;
        }
        const upload: UploadedFile = {
          fieldName,
          fileName: info.filename,
          path: path.join(directory, String(uploads.length)),
          size: 0,
          truncated: false,
        };
        uploads.push(upload);
        stream.on('data', (chunk: Buffer) => (upload.size += chunk.length));
        stream.on('limit', () => (upload.truncated = true));
        // A body that ends inside a file part fails this pipeline (and the parser): the failure is
        // answered once, by the parser's 'error' below; it must never be left unhandled here, where
        // it would end the process. The temporary directory, partial files and all, is removed.
        const write = pipeline(stream, createWriteStream(upload.path, { mode: 0o600 }));
        write.catch(() => undefined);
        writes.push(write);
      });
      parser.on('filesLimit', () => (tooManyFiles = true));
      // A malformed or truncated body is the client's mistake: 400, not 500, told in the page's
      // language. A body that ends before its closing boundary (a dropped connection, a proxy that
      // cut it) is busboy's "Unexpected end of form".
      parser.on('error', (error: Error) =>
        reject(new Invalid(t(error.message === UNEXPECTED_END ? 'upload.cutOff' : 'upload.unreadable'))),
      );
      parser.on('close', resolve);
      // A client that goes away mid-upload must not leave the request hanging; what it sent is cut off.
      req.on('error', () => reject(new Invalid(t('upload.cutOff'))));
      req.on('aborted', () => reject(new Invalid(t('upload.cutOff'))));
      req.pipe(parser);
    });
    try {
      await Promise.all(writes);
    } catch (error) {
      // The parser may close before a cut-off file part's stream reports its end: the body was cut
      // off all the same (the client's mistake, 400). A failure of the disk itself stays the server's.
      if (typeof error === 'object' && error !== null && 'syscall' in error) throw error;
      throw new Invalid(t('upload.cutOff'));
    }
    return { fields, uploads, directory, tooManyFiles };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
