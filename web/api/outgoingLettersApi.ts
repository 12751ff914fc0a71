/** Outgoing letters drafted before registration, and the one extension of an application's deadline. */
import { z } from 'zod';
import { extendDeadline } from '../../engine/records/applicationDeadline.js';
import { reworkDraft } from '../../engine/records/draftRevision.js';
import { requireVisibleTask } from '../../engine/policies/task.js';
import { createDraft } from '../../engine/records/outgoingLetter.js';
import { listRegisters } from '../../engine/records/registers.js';
import { isUuid } from '../../engine/store/ids.js';
import { CONFIDENTIALITY_LEVELS } from '../../engine/store/ports.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { NewCorrespondentBody } from './correspondentsApi.js';
import { DraftedLetterBody, ExtendedDeadlineBody } from './support/responseSchemas.js';
import { CalendarDay, ErrorBody, IdParams, optionalText } from './support/schemas.js';

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

/** The author's changes to a returned draft; a field left out stays as it is. */
export const DraftReworkBody = z.strictObject({
  subject: z.string().max(1000).optional(),
  body: optionalText(20000).describe("The letter's text; null or empty removes it."),
  correspondentId: z.string().max(100).optional().describe('Another addressee, an existing card.'),
  correspondent: NewCorrespondentBody.optional().describe('Another addressee, a new card.'),
  removeAttachmentIds: z
    .array(z.string().max(100))
    .max(100)
    .optional()
    .describe('Files of the draft to take off it (they stay in the audit trail).'),
  comment: optionalText(4000).describe('What was changed, for the approvers; required when nothing is.'),
});

const FieldChangeBody = z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable();
const FileRefBody = z.object({ id: z.string(), fileName: z.string() });

export const DraftReworkAnswer = z.object({
  documentId: z.string(),
  taskId: z.string(),
  instanceStatus: z.string(),
  openTasks: z.array(z.object({ id: z.string(), name: z.string(), assignee: z.string().nullable() })),
  revision: z
    .object({
      revision: z.number().int(),
      subject: FieldChangeBody,
      body: FieldChangeBody,
      correspondent: FieldChangeBody,
      attachmentsAdded: z.array(FileRefBody),
      attachmentsRemoved: z.array(FileRefBody),
    })
    .nullable()
    .describe('The new version of the draft, or null when it was sent back unchanged (with a comment).'),
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
        201: { description: 'Drafted; `Location` names the document.', schema: DraftedLetterBody },
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
      path: '/api/outgoing-letters/rework/:id',
      summary:
        "Revise a returned draft and send it for another review: completes the author's rework task `id`",
      tag: 'documents',
      params: IdParams,
      body: DraftReworkBody,
      responses: {
        200: { description: 'The revision and the tasks now open.', schema: DraftReworkAnswer },
        400: { description: 'Invalid input, with problems; nothing was changed.', schema: ErrorBody },
        403: { description: "The rework task is not the user's.", schema: ErrorBody },
        404: { description: 'No such task, or one whose document the user may not see.', schema: ErrorBody },
        409: { description: 'The task was completed meanwhile, or the letter is signed.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      // Who may not see the task hears 404, as for any task.
      await requireVisibleTask(ctx, params.id);
      const done = await reworkDraft(ctx, { taskId: params.id, ...body });
      res.json({
        documentId: done.task.businessKey ?? '',
        taskId: done.task.id,
        instanceStatus: done.instanceStatus,
        openTasks: done.openTasks.map((t) => ({ id: t.id, name: t.name, assignee: t.assignee })),
        revision: done.revision,
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
        200: { description: 'Extended.', schema: ExtendedDeadlineBody },
        400: { description: 'Invalid input, with problems.', schema: ErrorBody },
        403: { description: 'Only the responsible executor or a head extends it.', schema: ErrorBody },
        404: { description: 'No such document.', schema: ErrorBody },
        409: {
          description: 'Extended already, not being executed, or no active outgoing register for the notice.',
          schema: ErrorBody,
        },
      },
    },
    async ({ ctx, res, params, body }) => {
      const { document, previousDueDate, notice } = await extendDeadline(ctx, {
        documentId: params.id,
        ...body,
      });
      res.json({
        id: document.id,
        dueDate: document.dueDate,
        previousDueDate,
        notice: {
          id: notice.document.id,
          registrationNumber: notice.document.registrationNumber,
          delivery: notice.delivery,
          email: notice.email,
        },
      });
    },
  );
}
