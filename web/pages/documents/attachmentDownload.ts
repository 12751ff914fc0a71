/**
 * `GET /documents/:id/attachments/:attachmentId`: the file. The stored bytes are verified against
 * their SHA-256 while they are copied to a temporary file, and only sent once the whole file checked
 * out: a damaged file answers an error page, never damaged bytes.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { NotFound } from '../../../engine/errors.js';
import { openAttachment } from '../../../engine/records/attachments.js';
import { IntegrityError } from '../../../engine/store/blobPorts.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';

/** Types a browser may show inline without running anything; everything else is downloaded. */
const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'text/plain']);

export function attachmentDownload(deps: PageDeps): Router {
  const router = Router();
  router.get('/documents/:id/attachments/:attachmentId', async (req, res) => {
    // The temporary directory first: the content is read as soon as it is opened.
    const directory = await mkdtemp(path.join(tmpdir(), 'kanceleja-download-'));
    res.on('close', () => void rm(directory, { recursive: true, force: true }));
    const { attachment, content } = await openAttachment(pageContext(req, deps), req.params.attachmentId);
    if (attachment.documentId !== req.params.id) {
      content.destroy();
      throw new NotFound('No such attachment.', 'refusal.noSuchAttachment');
    }
    const file = path.join(directory, 'content');
    try {
      await pipeline(content, createWriteStream(file, { mode: 0o600 }));
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      req.log.error({ err: error, attachmentId: attachment.id }, 'damaged attachment');
      const t = translator(requestLanguage(req));
      renderPage(
        req,
        res,
        'error',
        { title: 'error.damaged', message: t('error.damagedText') },
        { status: 500 },
      );
      return;
    }
    const disposition = INLINE_TYPES.has(attachment.contentType) ? 'inline' : 'attachment';
    res.set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      'Cache-Control': 'private, no-store',
    });
    await pipeline(createReadStream(file), res);
  });
  return router;
}
