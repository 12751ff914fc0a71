/**
 * The head's orders: drafted and issued here (engine/records/orders.ts), numbered when issued. A
 * saved draft is issued by completing its "Issuing the order" task (`POST /api/tasks/{id}/complete`
 * with the order form's fields); an order received from outside is registered by a registrar with
 * `POST /api/documents`.
 */
import { z } from 'zod';
import { draftOrder } from '../../engine/records/orders.js';
import { CONFIDENTIALITY_LEVELS } from '../../engine/store/ports.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { ErrorBody, optionalText } from './support/schemas.js';

export const NewOrderBody = z.strictObject({
  register: z
    .string()
    .max(100)
    .optional()
    .describe('The order register, by id or code; default: the only active order register.'),
  subject: z.string().max(1000),
  text: z.string().max(4000).describe("The order's text."),
  departments: z
    .array(z.string().max(100))
    .max(50)
    .optional()
    .describe('Codes of the executing departments; each needs an active department head.'),
  controller: optionalText(100).describe('Username of the controller; default: the issuer.'),
  deadline: optionalText(10).describe('YYYY-MM-DD, today or later; required to issue.'),
  confidentiality: z.enum(CONFIDENTIALITY_LEVELS).optional(),
  issue: z
    .boolean()
    .optional()
    .describe(
      'true (default): issue now — numbered in the same transaction; false: keep a draft without a number.',
    ),
});

export const IssuedOrderBody = z
  .object({
    id: z.string().describe('The order document.'),
    status: z.string(),
    registrationNumber: z.string().nullable().describe('Taken when the order is issued; null for a draft.'),
    processInstanceId: z.string().describe('The order process started for it.'),
    issueTaskId: z
      .string()
      .describe('The "Issuing the order" task: open for a draft, completed once issued.'),
  })
  .describe('The order, issued or drafted.');

export function orderRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/orders',
      summary: 'Draft an order and issue it (numbered at issue), or keep it as a draft without a number',
      tag: 'documents',
      body: NewOrderBody,
      responses: {
        201: { description: 'Issued or drafted; `Location` names the document.', schema: IssuedOrderBody },
        400: {
          description: 'Invalid input, with problems; nothing was stored or numbered.',
          schema: ErrorBody,
        },
        403: { description: 'Only a head issues orders.', schema: ErrorBody },
        409: { description: "The order register's process is not deployed.", schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      const { register, issue, ...props } = body;
      const order = await draftOrder(
        ctx,
        { ...props, registerId: register ?? null },
        { issue: issue ?? true },
      );
      res.status(201).location(`/api/documents/${order.document.id}`).json({
        id: order.document.id,
        status: order.document.status,
        registrationNumber: order.registrationNumber,
        processInstanceId: order.processInstanceId,
        issueTaskId: order.issueTaskId,
      });
    },
  );
}
