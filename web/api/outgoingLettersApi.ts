/** Outgoing letters drafted before registration, and the one extension of an application's deadline. */
import { z } from 'zod';
import { extendDeadline } from '../../engine/records/applicationDeadline.js';
import { createDraft } from '../../engine/records/outgoingLetter.js';
import { listRegisters } from '../../engine/records/registers.js';
import { isUuid } from '../../engine/records/validation.js';
import { CONFIDENTIALITY_LEVELS } from '../../engine/store/ports.js';
import type { ApiRoutes } from './apiRoute.js';
import { NewCorrespondentBody } from './correspondentsApi.js';
import { CalendarDay, ErrorBody, IdParams, optionalText } from './schemas.js';

export const NewOutgoingLetterBody = z.strictObject({
  register: z
    .string()
    .max(100)
    .optional()
    .describe('The outgoing register, by id or code; default: the only active outgoing register.'),
  subject: z.string().max(1000),
  body: optionalText(20000).describe("The letter's text."),
  correspondentId: optionalText(100).describe('The addressee, an existing card; or give `correspondent`.'),
  correspondent: NewCorrespondentBody.nullable().optional().describe('A new card for the addressee.'),
  replyToId: optionalText(100).describe('The incoming document this letter answers.'),
  approvers: z.array(z.string().max(100)).max(20).describe('Usernames, in the order they endorse the draft.'),
  confidentiality: z.enum(CONFIDENTIALITY_LEVELS).optional(),
});

const DeadlineExtensionBody = z.strictObject({
  newDueDate: CalendarDay.describe('YYYY-MM-DD, after the current deadline.'),
  reason: z.string().max(1000),
});

export function outgoingLetterRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/outgoing-letters',
      summary: 'Draft an outgoing letter (no number until the head signs it) and start its approvals',
      tag: 'documents',
      body: NewOutgoingLetterBody,
      responses: {
        201: { description: '`{id, status, processInstanceId}`; `Location` names the document.' },
        400: { description: 'Invalid input, with problems.', schema: ErrorBody },
        403: { description: 'The user may not draft letters.', schema: ErrorBody },
        409: { description: "The register's routing process is not deployed.", schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      const { register, ...props } = body;
      const outgoing = (await listRegisters(ctx)).filter((r) => r.active && r.kind === 'outgoing');
      const chosen =
        register === undefined
          ? outgoing.length === 1
            ? outgoing[0]
            : undefined
          : outgoing.find((r) => r.id === register || r.code === register);
      const drafted = await createDraft(ctx, {
        ...props,
        // An unknown register is reported by the use case with the other problems.
        registerId: chosen?.id ?? (register && isUuid(register) ? register : ''),
      });
      res.status(201).location(`/api/documents/${drafted.document.id}`).json({
        id: drafted.document.id,
        status: drafted.document.status,
        processInstanceId: drafted.processInstanceId,
      });
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/documents/:id/deadline-extension',
      summary: "Extend a citizen application's answer deadline, once, with a reason",
      tag: 'documents',
      params: IdParams,
      body: DeadlineExtensionBody,
      responses: {
        200: { description: '`{id, dueDate, previousDueDate}`' },
        400: { description: 'Invalid input, with problems.', schema: ErrorBody },
        403: { description: 'Only the responsible executor or a head extends it.', schema: ErrorBody },
        404: { description: 'No such document.', schema: ErrorBody },
        409: { description: 'Extended already, or not being executed.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      const { document, previousDueDate } = await extendDeadline(ctx, { documentId: params.id, ...body });
      res.json({ id: document.id, dueDate: document.dueDate, previousDueDate });
    },
  );
}
