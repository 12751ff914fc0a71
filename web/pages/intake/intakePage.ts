/**
 * `GET /intake`: what arrived by e-mail, for registrars; `GET /intake/:id`: one message, with its
 * problems, text and files, and what to do with it — register it (the new-document form prefilled,
 * `/documents/new?intake=…`), attach it to a document (a suggested one, or by number), or set it
 * aside with a reason. Plain forms; no JavaScript needed.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { Router } from 'express';
import type { Problem } from '../../../engine/errors.js';
import { Invalid } from '../../../engine/errors.js';
import {
  attachIntakeItem,
  getIntakeItem,
  intakeFiles,
  listIntake,
  openIntakeFile,
  setIntakeItemAside,
} from '../../../engine/intake/intakeItems.js';
import { INTAKE_STATUSES, type IntakeStatus } from '../../../engine/store/intakePorts.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

export const INTAKE_PATH = '/intake';

const statusOf = (value: unknown): IntakeStatus | undefined =>
  typeof value === 'string' && (INTAKE_STATUSES as readonly string[]).includes(value)
    ? (value as IntakeStatus)
    : undefined;

async function showItem(
  req: Request,
  res: Response,
  deps: PageDeps,
  id: string,
  extra: { problems?: Problem[]; status?: number; note?: string; registrationNumber?: string } = {},
) {
  const ctx = pageContext(req, deps);
  const t = translator(requestLanguage(req));
  const { item, correspondent, suggestions } = await getIntakeItem(ctx, id);
  renderPage(
    req,
    res,
    'intakeItem',
    {
      title: 'intake.itemTitle',
      item,
      isNew: item.status === 'new',
      correspondent,
      suggestions,
      files: intakeFiles(item).map((file) => ({
        ...file,
        href: `${INTAKE_PATH}/${item.id}/files/${file.sha256}`,
      })),
      intakeProblems: item.problems,
      problems: problemsByField(extra.problems ?? [], t),
      hasProblems: (extra.problems ?? []).length > 0,
      note: extra.note ?? '',
      registrationNumber: extra.registrationNumber ?? '',
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function intakePage(deps: PageDeps): Router {
  const router = Router();

  router.get(INTAKE_PATH, async (req, res) => {
    const ctx = pageContext(req, deps);
    const status = statusOf(req.query.status) ?? 'new';
    const page = Number(req.query.page) || 1;
    const list = await listIntake(ctx, { status, page });
    renderPage(
      req,
      res,
      'intake',
      {
        title: 'intake.title',
        items: list.items.map((item) => ({
          ...item,
          problemCount: item.problems.length,
          fileCount: item.attachments.length,
        })),
        total: list.total,
        statuses: INTAKE_STATUSES.map((code) => ({
          code,
          current: code === status ? 'page' : 'false',
        })),
        status,
        previous: list.page > 1 ? list.page - 1 : null,
        next: list.page * list.pageSize < list.total ? list.page + 1 : null,
      },
      { timeZone: deps.settings.timeZone },
    );
  });

  router.get(`${INTAKE_PATH}/:id`, async (req, res) => {
    await showItem(req, res, deps, req.params.id);
  });

  router.post(`${INTAKE_PATH}/:id/attach`, async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const expectedVersion = Number(field(fields, 'version'));
    const documentId = field(fields, 'documentId');
    const registrationNumber = field(fields, 'registrationNumber');
    try {
      await attachIntakeItem(ctx, {
        itemId: req.params.id,
        expectedVersion,
        ...(documentId !== '' ? { documentId } : { registrationNumber }),
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showItem(req, res, deps, req.params.id, {
        problems: error.problems,
        status: 400,
        registrationNumber,
      });
      return;
    }
    res.redirect(303, `${INTAKE_PATH}/${req.params.id}`);
  });

  router.post(`${INTAKE_PATH}/:id/set-aside`, async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const note = field(fields, 'note');
    try {
      await setIntakeItemAside(ctx, {
        itemId: req.params.id,
        expectedVersion: Number(field(fields, 'version')),
        note,
      });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showItem(req, res, deps, req.params.id, { problems: error.problems, status: 400, note });
      return;
    }
    res.redirect(303, INTAKE_PATH);
  });

  router.get(`${INTAKE_PATH}/:id/files/:sha256`, async (req, res) => {
    // Verified while copied to a temporary file, sent only when whole (as attachmentDownload.ts).
    const directory = await mkdtemp(path.join(tmpdir(), 'kanceleja-intake-'));
    res.on('close', () => void rm(directory, { recursive: true, force: true }));
    const { file, content } = await openIntakeFile(pageContext(req, deps), {
      itemId: req.params.id,
      sha256: req.params.sha256,
    });
    const copy = path.join(directory, 'content');
    await pipeline(content, createWriteStream(copy, { mode: 0o600 }));
    res.set({
      // Downloaded, never shown: a message's HTML or a file's script must not run on this site.
      'Content-Type': file.contentType === 'message/rfc822' ? 'message/rfc822' : 'application/octet-stream',
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    await pipeline(createReadStream(copy), res);
  });

  return router;
}
