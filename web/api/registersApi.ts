/**
 * Registers (journals): everyone who works with documents reads them; administrators create and
 * change them, and preview the next number a pattern would give.
 */
import { z } from 'zod';
import {
  createRegister,
  listRegisters,
  previewNextNumber,
  updateRegister,
} from '../../engine/records/registers.js';
import { REGISTER_KINDS } from '../../engine/store/ports.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import { ErrorBody, IdParams, optionalText, RegisterBody, updateBody } from './support/schemas.js';

const CreateRegisterBody = z.strictObject({
  code: z.string().max(20),
  name: z.string().max(200),
  kind: z.enum(REGISTER_KINDS),
  numberPattern: z.string().max(100).describe('e.g. `3-12/{yyyy}/{seq}`'),
  yearlyReset: z.boolean().optional(),
  departmentId: optionalText(100),
  processKey: optionalText(200),
  answerDeadlineRule: optionalText(20).describe('`P1M`, `P30D`, `P15WD` (working days)'),
});

const ChangeRegisterBody = updateBody({
  name: z.string().max(200).optional(),
  numberPattern: z
    .string()
    .max(100)
    .optional()
    .describe('New numbers follow it; numbers given keep their form'),
  departmentId: optionalText(100).describe('The owning department; null for none'),
  processKey: optionalText(200),
  answerDeadlineRule: optionalText(20),
  active: z.boolean().optional(),
  yearlyReset: z
    .boolean()
    .optional()
    .describe(
      'Numbers restart at 1 each year, or run on; switched on a register in use, the count carries over (no number is given twice)',
    ),
});

const PreviewBody = z.strictObject({
  registerId: optionalText(100).describe(
    "The register whose counter counts; none: a new register's first number",
  ),
  code: z.string().max(20),
  numberPattern: z.string().max(100),
  yearlyReset: z.boolean().optional(),
  departmentId: optionalText(100),
});

const NumberPreviewBody = z
  .object({ number: z.string(), sequence: z.number().int(), date: z.string() })
  .describe('The number the next document registered today would get (nothing is taken).');

export function registerRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/registers',
      summary: 'The registers',
      tag: 'registers',
      responses: {
        200: { description: 'Every register.', schema: z.array(RegisterBody) },
        403: { description: 'The user holds no records role.', schema: ErrorBody },
      },
    },
    async ({ ctx, res }) => {
      res.json((await listRegisters(ctx)).map((register) => presentAs(RegisterBody, register)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/registers',
      summary: 'Create a register (administrators)',
      tag: 'registers',
      body: CreateRegisterBody,
      responses: {
        201: { description: 'The register.', schema: RegisterBody },
        400: { description: 'Invalid input, with problems.', schema: ErrorBody },
        403: { description: 'Not an administrator.', schema: ErrorBody },
        409: { description: 'The code is taken.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      res.status(201).json(presentAs(RegisterBody, await createRegister(ctx, body)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/registers/preview',
      summary: 'Preview the next number of a pattern (administrators)',
      tag: 'registers',
      body: PreviewBody,
      responses: {
        200: { description: 'The next number.', schema: NumberPreviewBody },
        400: { description: 'The pattern cannot be used, with problems.', schema: ErrorBody },
        403: { description: 'Not an administrator.', schema: ErrorBody },
        404: { description: 'No such register.', schema: ErrorBody },
      },
    },
    // Declared before `/api/registers/:id`, which would take "preview" for an id.
    async ({ ctx, res, body }) => {
      res.json(await previewNextNumber(ctx, body));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/registers/:id',
      summary: 'Change a register (administrators)',
      tag: 'registers',
      params: IdParams,
      body: ChangeRegisterBody,
      responses: {
        200: { description: 'The register.', schema: RegisterBody },
        400: {
          description: 'Invalid input, or nothing to change (`{}`: send at least one field), with problems.',
          schema: ErrorBody,
        },
        403: { description: 'Not an administrator.', schema: ErrorBody },
        404: { description: 'No such register.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      res.json(presentAs(RegisterBody, await updateRegister(ctx, { id: params.id, ...body })));
    },
  );
}
