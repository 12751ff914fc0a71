/** Registers (journals): everyone who works with documents reads them; administrators create them. */
import { z } from 'zod';
import { createRegister, listRegisters } from '../../engine/records/registers.js';
import { REGISTER_KINDS } from '../../engine/store/ports.js';
import type { ApiRoutes } from './apiRoute.js';
import { ErrorBody, optionalText, RegisterBody } from './schemas.js';

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
      res.json(await listRegisters(ctx));
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
      res.status(201).json(await createRegister(ctx, body));
    },
  );
}
