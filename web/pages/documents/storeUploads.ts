/**
 * Moves the spooled files of a form into the BlobStore through `uploadFile` (size limit, type
 * sniffing, executables refused). Problems of single files, and a form with too many files, are
 * collected, not thrown, so the form can show them all.
 */
import { createReadStream } from 'node:fs';
import type { Request } from 'express';
import type { UseCaseContext } from '../../../engine/context.js';
import { type PreparedAttachment, uploadFile } from '../../../engine/records/attachments.js';
import { DomainError, Invalid, type Problem } from '../../../engine/errors.js';
import type { Translate } from '../../i18n/translate.js';

/** Files one form takes; the multipart parser drops the rest and says so. */
export const MAX_FILES_PER_FORM = 20;

export async function storeUploads(
  ctx: UseCaseContext,
  req: Request,
  props: { maxBytes: number; t: Translate },
): Promise<{ prepared: PreparedAttachment[]; problems: Problem[] }> {
  const { maxBytes, t } = props;
  const megabytes = Math.round(maxBytes / 1024 / 1024);
  const tooLarge = (fileName: string): Problem => ({
    field: 'attachments',
    message: t('newDocument.fileTooLarge', { fileName, megabytes }),
  });
  const prepared: PreparedAttachment[] = [];
  const problems: Problem[] = [];
  for (const upload of req.uploads ?? []) {
    if (upload.truncated) {
      problems.push(tooLarge(upload.fileName));
      continue;
    }
    try {
      prepared.push(
        await uploadFile(ctx, {
          fileName: upload.fileName,
          content: createReadStream(upload.path),
          maxBytes,
        }),
      );
    } catch (error) {
      if (error instanceof Invalid)
        problems.push(...error.problems.map((p) => ({ ...p, field: 'attachments' })));
      else if (error instanceof DomainError && error.code === 'too_large') {
        problems.push(tooLarge(upload.fileName));
      } else throw error;
    }
  }
  if (req.tooManyFiles) {
    problems.push({
      field: 'attachments',
      message: t('newDocument.tooManyFiles', { count: MAX_FILES_PER_FORM }),
    });
  }
  return { prepared, problems };
}
