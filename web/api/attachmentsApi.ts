/** Attachments: download (streamed, integrity-checked), list and add to a document. */
import { addUploadedAttachment, listAttachments, openAttachment } from '../../engine/records/attachments.js';
import { Invalid } from '../../engine/errors.js';
import { apiLanguage, translator } from '../i18n/translate.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import { contentDisposition } from './support/contentDisposition.js';
import { readMultipart } from './support/multipartUpload.js';
import { AttachmentBody, ErrorBody, IdParams } from './support/schemas.js';
import { z } from 'zod';
import { sendVerified } from './support/verifiedDownload.js';

export function attachmentRoutes(api: ApiRoutes): void {
  const { maxUploadBytes } = api.deps;

  api.add(
    {
      method: 'get',
      path: '/api/attachments/:id',
      summary: 'Download an attachment; the response is aborted if the stored bytes fail their SHA-256',
      tag: 'attachments',
      params: IdParams,
      responses: {
        200: {
          description:
            'The file, with the content type detected from its bytes when it was stored (the `contentType` of the attachment) and `Content-Disposition` (RFC 5987 file name).',
          content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
        },
        404: { description: 'No such attachment, or the user may not see its document.', schema: ErrorBody },
      },
    },
    async ({ ctx, req, res, params }) => {
      const { attachment, content } = await openAttachment(ctx, params.id);
      res.status(200);
      res.set({
        'Content-Type': attachment.contentType,
        'Content-Length': String(attachment.size),
        'Content-Disposition': contentDisposition(attachment.fileName),
        // A stored file is never rendered as a page of this site, whatever it contains.
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cache-Control': 'private, no-store',
        ETag: `"${attachment.sha256}"`,
      });
      await sendVerified(req, res, content);
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/documents/:id/attachments',
      summary: 'The attachments of a document',
      tag: 'attachments',
      params: IdParams,
      responses: {
        200: { description: 'The attachments, without their bytes.', schema: z.array(AttachmentBody) },
        404: { description: 'No such document, or the user may not see it.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(
        (await listAttachments(ctx, params.id)).map((attachment) => presentAs(AttachmentBody, attachment)),
      );
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/documents/:id/attachments',
      summary: 'Add one file to a document (multipart/form-data, field `file`)',
      tag: 'attachments',
      params: IdParams,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
            },
          },
        },
      },
      responses: {
        201: { description: 'The attachment; `Location` names its download.', schema: AttachmentBody },
        400: { description: 'No file, an empty file or a program.', schema: ErrorBody },
        404: { description: 'No such document, or the user may not see it.', schema: ErrorBody },
        409: { description: 'The document is closed (reopen it first).', schema: ErrorBody },
        413: { description: 'The file is larger than the upload limit.', schema: ErrorBody },
      },
    },
    async ({ ctx, req, res, params }) => {
      const t = translator(apiLanguage(req));
      if (!req.is('multipart/form-data')) {
        res.status(415).json({
          error: 'unsupported_media_type',
          message: t('api.unsupportedMediaType', { types: 'multipart/form-data' }),
        });
        return;
      }
      // Checked before the upload is read: no bytes are stored for a document the user cannot see.
      await listAttachments(ctx, params.id);
      const form = await readMultipart(req, { ctx, maxBytes: maxUploadBytes, fileField: 'file' });
      const [file, ...more] = form.files;
      if (!file || more.length > 0) {
        throw new Invalid(t('api.invalidRequest'), [
          { field: 'file', message: 'send exactly one file', code: 'problem.exactlyOneFile' },
        ]);
      }
      const attachment = await addUploadedAttachment(ctx, { documentId: params.id, file });
      res
        .status(201)
        .location(`/api/attachments/${attachment.id}`)
        .json(presentAs(AttachmentBody, attachment));
    },
  );
}
