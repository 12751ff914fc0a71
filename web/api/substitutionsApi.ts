/**
 * Substitutions over JSON: administrators set them for anyone; every user sets their own deputy.
 * Dates are calendar dates (`YYYY-MM-DD`) in the institution's time zone, both inclusive.
 */
import { z } from 'zod';
import {
  createSubstitution,
  listSubstitutions,
  revokeSubstitution,
} from '../../engine/substitutions/substitutions.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import { SubstitutionBody } from './support/responseSchemas.js';
import { CalendarDay, ErrorBody, Id, IdParams } from './support/schemas.js';

const CreateSubstitutionBody = z.strictObject({
  principalId: Id.optional().describe('Who is away; left out: the caller.'),
  deputyId: Id.describe('Who stands in.'),
  fromDate: CalendarDay.describe('First day, YYYY-MM-DD.'),
  toDate: CalendarDay.describe('Last day, YYYY-MM-DD, inclusive.'),
  reason: z.string().max(500).optional(),
});

export function substitutionRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/substitutions',
      summary:
        'Substitutions: every one for administrators, else those where the caller is principal or deputy',
      tag: 'administration',
      responses: { 200: { description: 'Substitutions, newest first.', schema: z.array(SubstitutionBody) } },
    },
    async ({ ctx, res }) => {
      res.json(
        (await listSubstitutions(ctx)).map((substitution) => presentAs(SubstitutionBody, substitution)),
      );
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/substitutions',
      summary: 'Set a deputy for a period (for someone else: administrators only)',
      tag: 'administration',
      body: CreateSubstitutionBody,
      responses: {
        201: { description: 'The substitution.', schema: SubstitutionBody },
        400: { description: 'Invalid input; `problems` name the fields.', schema: ErrorBody },
        403: { description: 'A deputy for someone else, by a non-administrator.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      const principalId = body.principalId ?? ctx.actor.id ?? '';
      res
        .status(201)
        .json(presentAs(SubstitutionBody, await createSubstitution(ctx, { ...body, principalId })));
    },
  );

  api.add(
    {
      method: 'delete',
      path: '/api/substitutions/:id',
      summary: 'Revoke a substitution at once (administrators, or the principal)',
      tag: 'administration',
      params: IdParams,
      responses: {
        200: { description: 'The revoked substitution.', schema: SubstitutionBody },
        404: { description: 'No such substitution (or not yours).', schema: ErrorBody },
        409: { description: 'Already revoked.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(presentAs(SubstitutionBody, await revokeSubstitution(ctx, { id: params.id })));
    },
  );
}
