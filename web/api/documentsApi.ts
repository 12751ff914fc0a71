/** Documents: register (JSON or multipart with files), search, one document with its tasks and history. */
import type { Request } from 'express';
import { z } from 'zod';
import type { UseCaseContext } from '../../engine/context.js';
import { Invalid } from '../../engine/errors.js';
import { listAttachments } from '../../engine/records/attachments.js';
import { reopenDocument } from '../../engine/records/closedDocument.js';
import { setDocumentPriority } from '../../engine/records/documentPriority.js';
import { documentWorkflow } from '../../engine/records/documentWorkflow.js';
import { getDocument, SEARCH_COUNT_CAP, searchDocuments } from '../../engine/records/documents.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { listRegisters } from '../../engine/records/registers.js';
import { isUuid } from '../../engine/store/ids.js';
import { CHANNELS, CONFIDENTIALITY_LEVELS, DOCUMENT_PRIORITIES } from '../../engine/store/ports.js';
import { apiLanguage, translator } from '../i18n/translate.js';
import { type ApiRoutes, parseOrRefuse } from './support/apiRoute.js';
import { NewCorrespondentBody } from './correspondentsApi.js';
import { readMultipart } from './support/multipartUpload.js';
import { DocumentPriorityBody, DocumentStatusBody } from './support/responseSchemas.js';
import {
  CalendarDate,
  DocumentCardBody,
  DocumentPageBody,
  ErrorBody,
  IdParams,
  CalendarDay,
  coded,
  FROM_AFTER_TO,
  fromNotAfterTo,
  optionalDay,
  optionalText,
  pageOf,
  Paging,
} from './support/schemas.js';
import { presentRegistered } from './support/registeredPresenter.js';

export const RegisterDocumentBody = z
  .strictObject({
    registerId: z.string().max(100).optional().describe('The register, by id; or give `register`.'),
    register: z.string().max(100).optional().describe('The register, by code (e.g. `IEN`).'),
    subject: z.string().max(1000),
    documentKind: z.string().max(50).optional(),
    correspondentId: optionalText(100),
    correspondent: NewCorrespondentBody.nullable().optional().describe('A new correspondent card.'),
    theirNumber: optionalText(100),
    theirDate: optionalDay,
    channel: z.enum(CHANNELS).nullable().optional(),
    pages: z.number().int().min(0).nullable().optional(),
    confidentiality: z.enum(CONFIDENTIALITY_LEVELS).optional(),
    priority: z
      .enum(DOCUMENT_PRIORITIES)
      .optional()
      .describe('`urgent` work is marked and listed first; `normal` when left out.'),
    readerIds: z.array(z.string().max(100)).max(100).optional(),
    caseFileId: optionalText(100),
    dueDate: optionalDay.describe('YYYY-MM-DD; overrides the register rule, then give dueDateReason.'),
    dueDateReason: optionalText(500),
    replyToId: optionalText(100),
    relatedIds: z.array(z.string().max(100)).max(100).optional(),
  })
  .refine((body) => body.registerId !== undefined || body.register !== undefined, {
    ...coded('give registerId or register', 'problem.registerOrId'),
    path: ['registerId'],
  });
type RegisterDocumentBody = z.output<typeof RegisterDocumentBody>;

const RegisteredBody = z.object({
  id: z.string(),
  registrationNumber: z.string(),
  registeredOn: CalendarDate,
  dueDate: CalendarDate.nullable(),
  processInstanceId: z.string().nullable(),
  attachments: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number(),
      sha256: z.string(),
    }),
  ),
});

const SearchQuery = z
  .object({
    q: z
      .string()
      .max(200)
      .optional()
      .describe('Words matched by prefix against number, subject, correspondent, attachment text.'),
    register: z.string().max(100).optional().describe('Register id or code.'),
    status: z.string().max(50).optional(),
    from: CalendarDay.optional().describe('Registered on or after, YYYY-MM-DD.'),
    to: CalendarDay.optional().describe('Registered on or before, YYYY-MM-DD.'),
    drafts: z
      .enum(['true', 'false'])
      .optional()
      .describe(
        '`true`: drafts not yet numbered (the caller’s own, those they approve, or all for heads) instead of registered documents.',
      ),
    priority: z.enum(DOCUMENT_PRIORITIES).optional().describe('Only `urgent` (or only `normal`) documents.'),
    sort: z
      .enum(['date', 'priority'])
      .optional()
      .describe('`date` (default): newest first; `priority`: urgent first, then newest.'),
    caseFileId: z.string().max(100).optional().describe('Filed into this case file (id).'),
    departmentId: z
      .string()
      .max(100)
      .optional()
      .describe('Routed to this department, or registered in one of its registers (id).'),
    executorId: z.string().max(100).optional().describe('Routed to this person (user id).'),
    correspondentId: z.string().max(100).optional().describe('To or from this correspondent (id).'),
    overdueOn: CalendarDay.optional().describe('Due before this day, YYYY-MM-DD, and not closed.'),
    ...Paging,
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO);

/** A register named by id or by code, as the caller gave it. */
async function registerIdOf(
  ctx: UseCaseContext,
  req: Request,
  reference: string,
  field: string,
): Promise<string> {
  if (isUuid(reference)) return reference;
  const register = (await listRegisters(ctx)).find((r) => r.code === reference);
  if (!register) {
    throw new Invalid(translator(apiLanguage(req))('api.invalidRequest'), [
      {
        field,
        message: `no such register: ${reference}`,
        code: 'problem.noRegisterCode',
        params: { code: reference },
      },
    ]);
  }
  return register.id;
}

const MULTIPART_SCHEMA = {
  type: 'object',
  required: ['document'],
  properties: {
    document: {
      type: 'string',
      contentMediaType: 'application/json',
      description: 'The document, as the JSON body would be.',
    },
    files: { type: 'array', items: { type: 'string', contentMediaType: 'application/octet-stream' } },
  },
};

const PriorityBody = z.strictObject({
  priority: z.enum(DOCUMENT_PRIORITIES),
  expectedVersion: z
    .number()
    .int()
    .optional()
    .describe('The version the caller saw; 409 when the document changed since.'),
});

const ReopenBody = z.strictObject({
  reason: z.string().max(1000).describe('Why the closed document is reopened (kept in its history).'),
});

export function documentRoutes(api: ApiRoutes): void {
  const { maxUploadBytes } = api.deps;

  api.add(
    {
      method: 'post',
      path: '/api/documents',
      summary: 'Register a document (JSON, or multipart/form-data with a `document` JSON field and files)',
      tag: 'documents',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: z.toJSONSchema(RegisterDocumentBody, { io: 'input' }) },
          'multipart/form-data': { schema: MULTIPART_SCHEMA },
        },
      },
      responses: {
        201: { description: 'Registered; `Location` names the document.', schema: RegisteredBody },
        400: { description: 'Invalid input, with problems.', schema: ErrorBody },
        403: { description: 'The user may not register in this register.', schema: ErrorBody },
        409: { description: "The register's routing process is not deployed.", schema: ErrorBody },
        413: { description: 'A file is larger than the upload limit.', schema: ErrorBody },
        415: { description: 'Neither JSON nor multipart.', schema: ErrorBody },
      },
    },
    async ({ ctx, req, res }) => {
      let body: RegisterDocumentBody;
      let attachments: Awaited<ReturnType<typeof readMultipart>>['files'] = [];
      if (req.is('multipart/form-data')) {
        const form = await readMultipart(req, { ctx, maxBytes: maxUploadBytes });
        const documentField = form.fields.get('document');
        let parsed: unknown;
        try {
          parsed = JSON.parse(documentField ?? '');
        } catch {
          throw new Invalid(translator(apiLanguage(req))('api.invalidRequest'), [
            { field: 'document', message: 'must be the document as JSON', code: 'problem.documentAsJson' },
          ]);
        }
        body = parseOrRefuse(req, RegisterDocumentBody, parsed);
        attachments = form.files;
      } else if (req.is('application/json')) {
        body = parseOrRefuse(req, RegisterDocumentBody, req.body);
      } else {
        res.status(415).json({
          error: 'unsupported_media_type',
          message: translator(apiLanguage(req))('api.unsupportedMediaType', {
            types: 'application/json or multipart/form-data',
          }),
        });
        return;
      }
      const { register, registerId, ...props } = body;
      const registered = await registerDocument(ctx, {
        ...props,
        registerId: await registerIdOf(
          ctx,
          req,
          registerId ?? register ?? '',
          registerId ? 'registerId' : 'register',
        ),
        attachments,
      });
      res
        .status(201)
        .location(`/api/documents/${registered.document.id}`)
        .json(presentRegistered(registered));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/documents',
      summary: 'Search the documents the user may see, newest first',
      tag: 'documents',
      query: SearchQuery,
      responses: {
        200: {
          description:
            `\`{items, total, totalIsCapped, page, pageSize}\` (and the same in the headers X-Total-Count and ` +
            `X-Total-Is-Capped); a search by words counts up to ${SEARCH_COUNT_CAP} matches, or to the end of ` +
            `the page asked for when that is further (then \`totalIsCapped\` is true: there are more).`,
          schema: DocumentPageBody,
        },
        400: { description: 'A bad filter, with problems.', schema: ErrorBody },
      },
    },
    async ({ ctx, req, res, query }) => {
      const registerId = query.register
        ? await registerIdOf(ctx, req, query.register, 'register')
        : undefined;
      const found = await searchDocuments(ctx, {
        ...(query.q ? { text: query.q } : {}),
        ...(registerId ? { registerId } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.drafts === 'true' ? { drafts: true } : {}),
        ...(query.priority ? { priority: query.priority } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        ...(query.caseFileId ? { caseFileId: query.caseFileId } : {}),
        ...(query.departmentId ? { departmentId: query.departmentId } : {}),
        ...(query.executorId ? { executorId: query.executorId } : {}),
        ...(query.correspondentId ? { correspondentId: query.correspondentId } : {}),
        ...(query.overdueOn ? { overdueOn: query.overdueOn } : {}),
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      });
      const totalIsCapped = found.totalIsCapped ?? false;
      res.set({ 'X-Total-Count': String(found.total), 'X-Total-Is-Capped': String(totalIsCapped) }).json({
        ...pageOf(found.items, found.total, query.page, query.pageSize),
        totalIsCapped,
      });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/documents/:id',
      summary: 'One document with its register, correspondent, attachments, tasks and history',
      tag: 'documents',
      params: IdParams,
      responses: {
        200: { description: 'The document card.', schema: DocumentCardBody },
        404: { description: 'No such document, or the user may not see it.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      const card = await getDocument(ctx, params.id);
      const [attachments, workflow] = await Promise.all([
        listAttachments(ctx, params.id),
        documentWorkflow(ctx, params.id),
      ]);
      res.json({ ...card, attachments, ...workflow });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/documents/:id/priority',
      summary: 'Mark a document urgent or normal (registrars and heads, or the author of a draft)',
      tag: 'documents',
      params: IdParams,
      body: PriorityBody,
      responses: {
        200: { description: 'The document’s priority now.', schema: DocumentPriorityBody },
        400: { description: 'No such priority.', schema: ErrorBody },
        403: { description: 'Only a registrar or a head changes the priority.', schema: ErrorBody },
        404: { description: 'No such document, or the user may not see it.', schema: ErrorBody },
        409: {
          description: 'The document is closed, or changed since `expectedVersion`.',
          schema: ErrorBody,
        },
      },
    },
    async ({ ctx, res, params, body }) => {
      const changed = await setDocumentPriority(ctx, {
        documentId: params.id,
        priority: body.priority,
        ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }),
      });
      res.json({ id: changed.id, priority: changed.priority, version: changed.version });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/documents/:id/reopen',
      summary: 'Reopen a closed document, with a reason (registrars and heads); it is `registered` again',
      tag: 'documents',
      params: IdParams,
      body: ReopenBody,
      responses: {
        200: { description: 'Reopened: the document and its status.', schema: DocumentStatusBody },
        400: { description: 'No reason given.', schema: ErrorBody },
        403: { description: 'Only a registrar or a head reopens a document.', schema: ErrorBody },
        404: { description: 'No such document, or the user may not see it.', schema: ErrorBody },
        409: { description: 'The document is not closed.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      const reopened = await reopenDocument(ctx, { documentId: params.id, reason: body.reason });
      res.json({ id: reopened.id, status: reopened.status });
    },
  );
}
