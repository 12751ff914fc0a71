/**
 * `GET/POST /documents/new`: registering a document. A plain multipart form: it works without
 * JavaScript, including the correspondent look-up (a second submit button that re-shows the form
 * with the cards found). Refused input is shown again with the problems next to the fields.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { localDate, type UseCaseContext } from '../../../engine/context.js';
import { caseFilesToFileInto, getCaseFile } from '../../../engine/records/caseFiles.js';
import { peopleChoices } from '../../../engine/directory/peopleChoices.js';
import { Forbidden, Invalid, type Problem } from '../../../engine/errors.js';
import {
  correspondentSummary,
  type CorrespondentSummary,
  findCorrespondents,
} from '../../../engine/records/correspondents.js';
import { DOCUMENT_KINDS } from '../../../engine/records/documentKinds.js';
import { mayRegisterIn } from '../../../engine/policies/document.js';
import { registerDocument } from '../../../engine/records/registerDocument.js';
import { defaultRegisterFor, listRegisters } from '../../../engine/records/registers.js';
import { isUuid } from '../../../engine/store/ids.js';
import { CHANNELS, CONFIDENTIALITY_LEVELS } from '../../../engine/store/ports.js';
import { CORRESPONDENT_KINDS } from '../../../engine/store/recordPorts.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';
import { type NewDocumentInput, readNewDocumentInput, registerDocumentProps } from './newDocumentForm.js';
import { storeUploads } from './storeUploads.js';
import { registerIntakeItem } from '../../../engine/intake/intakeItems.js';
import { type IntakeOnForm, intakeOnForm, prefillFromIntake } from '../intake/intakePrefill.js';

export const NEW_DOCUMENT_PATH = '/documents/new';

async function registersFor(ctx: UseCaseContext) {
  const registers = (await listRegisters(ctx)).filter((r) => r.active && mayRegisterIn(ctx.actor, r));
  if (registers.length === 0)
    throw new Forbidden('You may not register documents.', 'refusal.notAllowed', {
      doing: 'register documents',
    });
  return registers;
}

async function showForm(
  req: Request,
  res: Response,
  deps: PageDeps,
  input: NewDocumentInput,
  extra: {
    problems?: Problem[];
    found?: CorrespondentSummary[] | null;
    status?: number;
    /** Registering an e-mail from the intake: its message and files come along. */
    intake?: IntakeOnForm | null;
  } = {},
) {
  const ctx = pageContext(req, deps);
  const registers = await registersFor(ctx);
  const t = translator(requestLanguage(req));
  const chosen =
    input.correspondentId && isUuid(input.correspondentId)
      ? await correspondentSummary(ctx, input.correspondentId)
      : null;
  const candidates = [...(chosen ? [chosen] : []), ...(extra.found ?? []).filter((c) => c.id !== chosen?.id)];
  const users = (await peopleChoices(ctx, { caseWork: false })).flatMap((group) => group.people);
  // A document is filed into a case file of its registration year: this year's, as registered today.
  const year = Number(localDate(ctx.clock.now(), deps.settings.timeZone).slice(0, 4));
  const offered = await caseFilesToFileInto(ctx, year);
  // A refused choice stays chosen (another year's file, one closed meanwhile), next to its problem.
  const refused =
    input.caseFileId && isUuid(input.caseFileId) && !offered.some((c) => c.id === input.caseFileId)
      ? await getCaseFile(ctx, input.caseFileId)
      : null;
  const caseFiles = refused ? [...offered, refused] : offered;
  const problems = problemsByField(extra.problems ?? [], t);
  renderPage(
    req,
    res,
    'documentNew',
    {
      title: 'newDocument.title',
      input,
      problems,
      hasProblems: (extra.problems ?? []).length > 0,
      // A new card's details stay in view when some were typed or refused.
      newCardOpen:
        [
          input.correspondentCode,
          input.correspondentAddress,
          input.correspondentEmail,
          input.correspondentPhone,
          input.correspondentEAddress,
        ].some((value) => value.trim() !== '') ||
        Object.keys(problems).some((key) => key.startsWith('correspondent_')),
      registers: registers.map((r) => ({
        id: r.id,
        name: r.name,
        code: r.code,
        selected: r.id === input.registerId,
      })),
      kinds: DOCUMENT_KINDS.map((code) => ({ code, selected: code === input.documentKind })),
      channels: CHANNELS.map((code) => ({ code, selected: code === input.channel })),
      levels: CONFIDENTIALITY_LEVELS.map((code) => ({ code, checked: code === input.confidentiality })),
      correspondentKinds: CORRESPONDENT_KINDS.map((code) => ({
        code,
        checked: code === input.correspondentKind,
      })),
      candidates: candidates.map((c) => ({ ...c, checked: c.id === input.correspondentId })),
      lookedUp: extra.found !== undefined && extra.found !== null,
      users: users.map((u) => ({
        id: u.id,
        displayName: u.displayName,
        selected: input.readerIds.includes(u.id),
      })),
      caseFiles: caseFiles.map((c) => ({
        id: c.id,
        label: `${c.indexCode} — ${c.title}${c.year === year ? '' : ` (${c.year})`}`,
        selected: c.id === input.caseFileId,
      })),
      caseFileYear: year,
      maxMegabytes: Math.round(deps.maxUploadBytes / 1024 / 1024),
      intake: extra.intake ?? null,
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function newDocumentPage(deps: PageDeps): Router {
  const router = Router();

  router.get(NEW_DOCUMENT_PATH, async (req, res) => {
    const ctx = pageContext(req, deps);
    const offered = await registersFor(ctx);
    // "Register another" names the register; else the one this person used last.
    const asked = typeof req.query.register === 'string' ? req.query.register : '';
    const registerId = offered.some((r) => r.id === asked) ? asked : await defaultRegisterFor(ctx, offered);
    const input = { ...readNewDocumentInput({}), registerId: registerId ?? '' };
    if (typeof req.query.intake === 'string') {
      const prefilled = await prefillFromIntake(ctx, req.query.intake, input, deps.settings.timeZone);
      await showForm(req, res, deps, prefilled.input, { intake: prefilled.intake });
      return;
    }
    await showForm(req, res, deps, input);
  });

  router.post(NEW_DOCUMENT_PATH, async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const input = readNewDocumentInput(fields);
    const t = translator(requestLanguage(req));
    await registersFor(ctx);
    const intakeId = field(fields, 'intakeId');
    const intake = intakeId === '' ? null : await intakeOnForm(ctx, intakeId);

    if (field(fields, 'action') === 'lookup') {
      const found = await findCorrespondents(ctx, input.correspondentQuery);
      await showForm(req, res, deps, input, { found, intake });
      return;
    }

    const { prepared, problems } = await storeUploads(ctx, req, { maxBytes: deps.maxUploadBytes, t });
    if (problems.length > 0) {
      await showForm(req, res, deps, input, { problems, status: 400, intake });
      return;
    }
    try {
      const props = { ...registerDocumentProps(input), attachments: prepared };
      const registered = intake
        ? await registerIntakeItem(ctx, {
            ...props,
            itemId: intake.id,
            expectedVersion: Number(field(fields, 'intakeVersion')),
          })
        : await registerDocument(ctx, props);
      // The card says "Registered as …" once and offers to register another into the same register.
      req.session.justRegistered = registered.document.id;
      res.redirect(303, `/documents/${registered.document.id}`);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const kept =
        prepared.length > 0 ? [{ field: 'attachments', message: t('newDocument.chooseFilesAgain') }] : [];
      await showForm(req, res, deps, input, { problems: [...error.problems, ...kept], status: 400, intake });
    }
  });

  return router;
}
