/**
 * `GET/POST /documents/outgoing/new`: an executor drafts an outgoing letter — subject, text,
 * addressee, files, the approvers in order, and (from `?replyTo=<id>`) the incoming document it
 * answers: a reply opens with "Re: <its subject>" and its correspondent as the addressee. A plain
 * multipart form that works without JavaScript; refused input is shown again with its problems.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { hasRole } from '../../../engine/policies/roles.js';
import type { UseCaseContext } from '../../../engine/context.js';
import { Forbidden, Invalid, type Problem } from '../../../engine/errors.js';
import { getDocument } from '../../../engine/records/documents.js';
import { peopleChoices } from '../../../engine/directory/peopleChoices.js';
import { createDraft } from '../../../engine/records/outgoingLetter.js';
import { listRegisters } from '../../../engine/records/registers.js';
import { isUuid } from '../../../engine/store/ids.js';
import { CORRESPONDENT_KINDS, type CorrespondentKind } from '../../../engine/store/recordPorts.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { storeUploads } from '../documents/storeUploads.js';
import { field, type FormFields, formFields, queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';

export const NEW_OUTGOING_LETTER_PATH = '/documents/outgoing/new';
/** Approver fields on the form; the process takes any number, the page offers this many. */
const APPROVER_FIELDS = 4;

interface DraftInput {
  registerId: string;
  subject: string;
  body: string;
  replyToId: string;
  addresseeName: string;
  addresseeKind: CorrespondentKind;
  approvers: string[];
}

function readInput(fields: FormFields, replyToId: string): DraftInput {
  const kind = field(fields, 'addresseeKind');
  return {
    registerId: field(fields, 'registerId'),
    subject: field(fields, 'subject'),
    body: field(fields, 'body'),
    replyToId,
    addresseeName: field(fields, 'addresseeName'),
    addresseeKind: (CORRESPONDENT_KINDS as readonly string[]).includes(kind)
      ? (kind as CorrespondentKind)
      : 'person',
    approvers: Array.from({ length: APPROVER_FIELDS }, (_, i) => field(fields, `approver${i + 1}`)),
  };
}

function requireMayDraft(ctx: UseCaseContext): void {
  if (!hasRole(ctx.actor, 'executor', 'dept_head', 'head', 'registrar')) {
    throw new Forbidden('You may not draft outgoing letters.', 'refusal.draftLetters');
  }
}

/** The incoming document answered, as the drafter may see it; null without `replyTo`. */
async function replyTarget(ctx: UseCaseContext, replyToId: string) {
  if (!replyToId || !isUuid(replyToId)) return null;
  const { document, correspondent } = await getDocument(ctx, replyToId);
  return { document, correspondent };
}

async function showForm(
  req: Request,
  res: Response,
  deps: PageDeps,
  input: DraftInput,
  extra: { problems?: Problem[]; status?: number; filesDropped?: boolean } = {},
) {
  const ctx = pageContext(req, deps);
  requireMayDraft(ctx);
  const registers = (await listRegisters(ctx)).filter((r) => r.active && r.kind === 'outgoing');
  const reply = await replyTarget(ctx, input.replyToId);
  // Approvers are people who do case work (no administrator or auditor), named with their department.
  const users = (await peopleChoices(ctx, { caseWork: true }))
    .flatMap((group) => group.people.map((person) => ({ ...person, department: group.department })))
    .filter((u) => u.id !== ctx.actor.id);
  const t = translator(requestLanguage(req));
  renderPage(
    req,
    res,
    'outgoingNew',
    {
      title: 'outgoing.title',
      input,
      problems: problemsByField(extra.problems ?? [], t),
      hasProblems: (extra.problems ?? []).length > 0,
      filesDropped: extra.filesDropped ?? false,
      maxMegabytes: Math.round(deps.maxUploadBytes / 1024 / 1024),
      registers: registers.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        selected: r.id === input.registerId,
      })),
      reply: reply
        ? {
            id: reply.document.id,
            registrationNumber: reply.document.registrationNumber,
            subject: reply.document.subject,
            addressee: reply.correspondent?.name ?? null,
          }
        : null,
      addresseeKinds: CORRESPONDENT_KINDS.map((code) => ({ code, checked: code === input.addresseeKind })),
      approverFields: input.approvers.map((chosen, i) => ({
        name: `approver${i + 1}`,
        n: i + 1,
        required: i === 0,
        options: users.map((u) => ({
          value: u.username,
          label: u.department ? `${u.displayName} — ${u.department}` : u.displayName,
          selected: u.username === chosen,
        })),
      })),
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function newOutgoingLetterPage(deps: PageDeps): Router {
  const router = Router();

  router.get(NEW_OUTGOING_LETTER_PATH, async (req, res) => {
    const input = readInput({}, queryText(req, 'replyTo'));
    const reply = await replyTarget(pageContext(req, deps), input.replyToId);
    if (reply) {
      // A reply opens with the incoming letter's subject and its correspondent as the addressee.
      const t = translator(requestLanguage(req));
      input.subject = t('outgoing.replySubject', { subject: reply.document.subject }).slice(0, 1000);
      if (reply.correspondent) {
        input.addresseeName = reply.correspondent.name;
        input.addresseeKind = reply.correspondent.kind;
      }
    }
    await showForm(req, res, deps, input);
  });

  router.post(NEW_OUTGOING_LETTER_PATH, async (req, res) => {
    const ctx = pageContext(req, deps);
    requireMayDraft(ctx);
    const fields = formFields(req);
    const input = readInput(fields, field(fields, 'replyToId'));
    const reply = await replyTarget(ctx, input.replyToId);
    const t = translator(requestLanguage(req));
    const { prepared, problems } = await storeUploads(ctx, req, { maxBytes: deps.maxUploadBytes, t });
    const filesDropped = (req.uploads ?? []).length > 0;
    if (problems.length > 0) {
      await showForm(req, res, deps, input, { problems, status: 400, filesDropped });
      return;
    }
    const addressee = input.addresseeName.trim();
    const sameAsReply =
      reply?.correspondent &&
      (addressee === '' ||
        (addressee === reply.correspondent.name && input.addresseeKind === reply.correspondent.kind));
    try {
      const { document } = await createDraft(ctx, {
        registerId: input.registerId,
        subject: input.subject,
        body: input.body,
        replyToId: reply?.document.id ?? null,
        // A reply goes to the author of the incoming document unless another addressee is named.
        ...(sameAsReply || addressee === ''
          ? { correspondentId: reply?.correspondent?.id ?? null }
          : { correspondent: { kind: input.addresseeKind, name: input.addresseeName } }),
        approvers: input.approvers.filter((a) => a !== ''),
        attachments: prepared,
      });
      res.redirect(303, `/documents/${document.id}`);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showForm(req, res, deps, input, { problems: error.problems, status: 400, filesDropped });
    }
  });

  return router;
}
