/**
 * E-mail intake (issue 17): what arrived by e-mail, for registrars — list it, read one message with
 * its problems, files and suggested documents, and decide it as the Intake page does
 * (engine/intake/intakeItems.ts): register it (fields left out are filled from the message, as the
 * page's prefilled form is), attach it to a document, or set it aside. A message is decided once:
 * each decision names the item's `version`.
 */
import { z } from 'zod';
import { localDate } from '../../engine/context.js';
import {
  attachIntakeItem,
  getIntakeItem,
  intakeFiles,
  listIntake,
  registerIntakeItem,
  setIntakeItemAside,
} from '../../engine/intake/intakeItems.js';
import { listRegisters } from '../../engine/records/registers.js';
import { isUuid } from '../../engine/store/ids.js';
import { INTAKE_STATUSES, type IntakeItem } from '../../engine/store/intakePorts.js';
import { CONFIDENTIALITY_LEVELS, DOCUMENT_PRIORITIES } from '../../engine/store/ports.js';
import { Invalid } from '../../engine/errors.js';
import { apiLanguage, translator } from '../i18n/translate.js';
import { NewCorrespondentBody } from './correspondentsApi.js';
import type { ApiRoutes } from './support/apiRoute.js';
import {
  CalendarDate,
  coded,
  ErrorBody,
  IdParams,
  Instant,
  optionalDay,
  optionalText,
  pageOf,
} from './support/schemas.js';
import { presentRegistered } from './support/registeredPresenter.js';

const IntakeFileBody = z.object({
  fileName: z.string(),
  sha256: z.string(),
  size: z.number(),
  contentType: z.string(),
});

const IntakeItemBody = z
  .object({
    id: z.string(),
    mailbox: z.string().describe('The mailbox it was read from: account and folder.'),
    messageId: z.string().nullable(),
    fromAddress: z.string().nullable(),
    fromName: z.string().nullable(),
    subject: z.string(),
    sentAt: Instant.nullable().describe('The date the sender gave, if any.'),
    receivedAt: Instant,
    inReplyTo: z.string().nullable(),
    correspondentId: z.string().nullable().describe('The card whose e-mail is the sender’s.'),
    status: z.enum(INTAKE_STATUSES),
    documentId: z.string().nullable().describe('The document it was registered as or attached to.'),
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
    decisionNote: z.string().nullable(),
    version: z.number().int().describe('Name it in a decision: 409 or 400 when the item changed since.'),
    problems: z
      .array(z.object({ code: z.string(), message: z.string(), fileName: z.string().optional() }))
      .describe('What is wrong with the message (no sender, a refused file, …), for the clerk.'),
    attachments: z.array(IntakeFileBody).describe('The files taken from the message.'),
  })
  .describe('A message read from an intake mailbox.');

const IntakeDetailBody = IntakeItemBody.extend({
  bodyText: z.string(),
  references: z.array(z.string()),
  correspondent: z.object({ id: z.string(), name: z.string(), email: z.string().nullable() }).nullable(),
  suggestions: z
    .array(
      z.object({
        id: z.string(),
        registrationNumber: z.string(),
        subject: z.string(),
        reason: z.enum(['reply', 'number']),
      }),
    )
    .describe('Documents the message answers or names, that the clerk may see.'),
  files: z
    .array(IntakeFileBody.extend({ href: z.string().describe('Where the Intake page serves it.') }))
    .describe('The original message (`.eml`) and the attachments: what registering or attaching files.'),
}).describe('One intake message, with what it brings and what it suggests.');

const IntakePageBody = z.object({
  items: z.array(IntakeItemBody),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const IntakeQuery = z.object({
  status: z.enum(INTAKE_STATUSES).default('new').describe('Which messages: `new` (default) or decided ones.'),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('Page number, from 1.'),
});

const ExpectedVersion = z.number().int().min(0).describe('The `version` of the item the caller saw.');

const RegisterIntakeBody = z.strictObject({
  expectedVersion: ExpectedVersion,
  registerId: z.string().max(100).optional().describe('The register, by id; or give `register`.'),
  register: z.string().max(100).optional().describe('The register, by code (e.g. `IEN`).'),
  subject: z.string().max(1000).optional().describe('Default: the message’s subject.'),
  documentKind: z.string().max(50).optional(),
  correspondentId: optionalText(100).describe('Default: the card matched by the sender’s e-mail.'),
  correspondent: NewCorrespondentBody.nullable()
    .optional()
    .describe('A new card; default when no card matches: a person with the sender’s name and e-mail.'),
  theirNumber: optionalText(100),
  theirDate: optionalDay.describe('Default: the date the sender gave.'),
  pages: z.number().int().min(0).nullable().optional(),
  confidentiality: z.enum(CONFIDENTIALITY_LEVELS).optional(),
  priority: z.enum(DOCUMENT_PRIORITIES).optional(),
  readerIds: z.array(z.string().max(100)).max(100).optional(),
  caseFileId: optionalText(100),
  dueDate: optionalDay,
  dueDateReason: optionalText(500),
  replyToId: optionalText(100),
  relatedIds: z.array(z.string().max(100)).max(100).optional(),
});

const RegisteredFromIntakeBody = z.object({
  id: z.string(),
  registrationNumber: z.string(),
  registeredOn: CalendarDate,
  dueDate: CalendarDate.nullable(),
  processInstanceId: z.string().nullable(),
  attachments: z.array(IntakeFileBody.extend({ id: z.string() })),
});

const AttachIntakeBody = z
  .strictObject({
    expectedVersion: ExpectedVersion,
    documentId: z.string().max(100).optional().describe('The document, by id; or give `registrationNumber`.'),
    registrationNumber: z.string().max(100).optional(),
  })
  .refine((body) => (body.documentId === undefined) !== (body.registrationNumber === undefined), {
    ...coded('give documentId or registrationNumber', 'problem.documentOrNumber'),
    path: ['documentId'],
  });

const SetAsideBody = z.strictObject({
  expectedVersion: ExpectedVersion,
  note: z.string().max(1000).optional().describe('Why it is not registered (kept in its history).'),
});

function itemBody(item: IntakeItem) {
  return {
    id: item.id,
    mailbox: item.mailbox,
    messageId: item.messageId,
    fromAddress: item.fromAddress,
    fromName: item.fromName,
    subject: item.subject,
    sentAt: item.sentAt,
    receivedAt: item.receivedAt,
    inReplyTo: item.inReplyTo,
    correspondentId: item.correspondentId,
    status: item.status,
    documentId: item.documentId,
    decidedBy: item.decidedBy,
    decidedAt: item.decidedAt,
    decisionNote: item.decisionNote,
    version: item.version,
    problems: item.problems.map(({ code, message, fileName }) => ({
      code,
      message,
      ...(fileName === undefined ? {} : { fileName }),
    })),
    attachments: item.attachments.map(({ fileName, sha256, size, contentType }) => ({
      fileName,
      sha256,
      size,
      contentType,
    })),
  };
}

const DECIDE_ERRORS = {
  400: {
    description: 'Invalid input, or the message was dealt with already; with problems.',
    schema: ErrorBody,
  },
  403: { description: 'Only a registrar works with incoming e-mail.', schema: ErrorBody },
  404: { description: 'No such intake item (or document).', schema: ErrorBody },
  409: { description: 'Someone decided the message meanwhile.', schema: ErrorBody },
};

export function intakeRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/intake',
      summary: 'Messages read from the intake mailboxes, newest first',
      tag: 'intake',
      query: IntakeQuery,
      responses: {
        200: { description: '`{items, total, page, pageSize}`.', schema: IntakePageBody },
        400: { description: 'A bad filter, with problems.', schema: ErrorBody },
        403: { description: 'Only a registrar works with incoming e-mail.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, query }) => {
      const list = await listIntake(ctx, { status: query.status, page: query.page });
      res.json(pageOf(list.items.map(itemBody), list.total, list.page, list.pageSize));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/intake/:id',
      summary: 'One intake message: its text, problems, files and the documents it may answer',
      tag: 'intake',
      params: IdParams,
      responses: {
        200: { description: 'The message.', schema: IntakeDetailBody },
        403: { description: 'Only a registrar works with incoming e-mail.', schema: ErrorBody },
        404: { description: 'No such intake item.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      const { item, correspondent, suggestions } = await getIntakeItem(ctx, params.id);
      res.json({
        ...itemBody(item),
        bodyText: item.bodyText,
        references: item.references,
        correspondent: correspondent
          ? { id: correspondent.id, name: correspondent.name, email: correspondent.email ?? null }
          : null,
        suggestions,
        files: intakeFiles(item).map(({ fileName, sha256, size, contentType }) => ({
          fileName,
          sha256,
          size,
          contentType,
          href: `/intake/${item.id}/files/${sha256}`,
        })),
      });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/intake/:id/register',
      summary: 'Register the message as a document, with its original and its files',
      tag: 'intake',
      params: IdParams,
      body: RegisterIntakeBody,
      responses: {
        201: { description: 'Registered; `Location` names the document.', schema: RegisteredFromIntakeBody },
        ...DECIDE_ERRORS,
        409: {
          description: "Someone decided the message meanwhile, or the register's process is not deployed.",
          schema: ErrorBody,
        },
      },
    },
    async ({ ctx, req, res, params, body }) => {
      const { item } = await getIntakeItem(ctx, params.id);
      const { expectedVersion, register, registerId, ...given } = body;
      const reference = registerId ?? register ?? '';
      const registerFound = isUuid(reference)
        ? reference
        : (await listRegisters(ctx)).find((candidate) => candidate.code === reference)?.id;
      if (!registerFound) {
        throw new Invalid(translator(apiLanguage(req))('api.invalidRequest'), [
          {
            field: registerId ? 'registerId' : 'register',
            message: `no such register: ${reference}`,
            code: 'problem.noRegisterCode',
            params: { code: reference },
          },
        ]);
      }
      // What the page's form is prefilled with, where the caller says nothing else.
      const newCard =
        item.correspondentId === null && item.fromAddress !== null && given.correspondent === undefined;
      const registered = await registerIntakeItem(ctx, {
        itemId: item.id,
        expectedVersion,
        ...given,
        registerId: registerFound,
        subject: given.subject ?? item.subject,
        channel: 'email',
        correspondentId: given.correspondentId ?? (given.correspondent ? null : item.correspondentId),
        ...(newCard && (given.correspondentId ?? null) === null
          ? {
              correspondent: {
                kind: 'person' as const,
                name: item.fromName ?? item.fromAddress ?? '',
                email: item.fromAddress,
              },
            }
          : {}),
        theirDate:
          given.theirDate === undefined
            ? item.sentAt
              ? localDate(item.sentAt, api.deps.settings.timeZone)
              : null
            : given.theirDate || null,
      });
      res
        .status(201)
        .location(`/api/documents/${registered.document.id}`)
        .json(presentRegistered(registered));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/intake/:id/attach',
      summary: 'Attach the message and its files to a document (a reply to one of ours)',
      tag: 'intake',
      params: IdParams,
      body: AttachIntakeBody,
      responses: { 200: { description: 'The item, attached.', schema: IntakeItemBody }, ...DECIDE_ERRORS },
    },
    async ({ ctx, res, params, body }) => {
      const decided = await attachIntakeItem(ctx, {
        itemId: params.id,
        expectedVersion: body.expectedVersion,
        ...(body.documentId !== undefined
          ? { documentId: body.documentId }
          : { registrationNumber: body.registrationNumber ?? '' }),
      });
      res.json(itemBody(decided));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/intake/:id/set-aside',
      summary: 'Keep the message as not for registration, with the reason',
      tag: 'intake',
      params: IdParams,
      body: SetAsideBody,
      responses: { 200: { description: 'The item, set aside.', schema: IntakeItemBody }, ...DECIDE_ERRORS },
    },
    async ({ ctx, res, params, body }) => {
      const decided = await setIntakeItemAside(ctx, {
        itemId: params.id,
        expectedVersion: body.expectedVersion,
        note: body.note ?? '',
      });
      res.json(itemBody(decided));
    },
  );
}
