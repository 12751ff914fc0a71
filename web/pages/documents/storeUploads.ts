/**
 * Moves the spooled files of a form into the BlobStore through `prepareAttachment` (size limit,
 * type sniffing, executables refused). Problems of single files are collected, not thrown, so the
 * form can show them all.
 */
import { createReadStream } from 'node:fs';
import { type PreparedAttachment, prepareAttachment } from '../../../engine/records/attachments.js';
import { DomainError, Invalid, type Problem } from '../../../engine/errors.js';
import type { Store } from '../../../engine/store/ports.js';
import type { UploadedFile } from '../multipartForm.js';

export async function storeUploads(
  store: Store,
  uploads: readonly UploadedFile[],
  maxBytes: number,
  tooLarge: (fileName: string) => string,
): Promise<{ prepared: PreparedAttachment[]; problems: Problem[] }> {
  const prepared: PreparedAttachment[] = [];
  const problems: Problem[] = [];
  for (const upload of uploads) {
    if (upload.truncated) {
      problems.push({ field: 'attachments', message: tooLarge(upload.fileName) });
      continue;
    }
    try {
      prepared.push(
        await prepareAttachment(store, {
          fileName: upload.fileName,
          content: createReadStream(upload.path),
          maxBytes,
        }),
      );
    } catch (error) {
      if (error instanceof Invalid)
        problems.push(...error.problems.map((p) => ({ ...p, field: 'attachments' })));
      else if (error instanceof DomainError && error.code === 'too_large') {
        problems.push({ field: 'attachments', message: tooLarge(upload.fileName) });
      } else throw error;
    }
  }
  return { prepared, problems };
}
