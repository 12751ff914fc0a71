/** API tokens (administrators): create (the token is shown once), list, revoke. */
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../../engine/auth/apiTokens.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import { ApiTokenBody, CreatedApiTokenBody } from './support/responseSchemas.js';
import { ErrorBody, IdParams } from './support/schemas.js';

const CreateTokenBody = z.strictObject({
  name: z.string().max(200).describe('What the token is for.'),
  username: z.string().max(200).describe('The user the token acts as.'),
});

const adminOnly = { 403: { description: 'Not an administrator.', schema: ErrorBody } };

export function tokenRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'post',
      path: '/api/tokens',
      summary: 'Create an API token acting as a user; the token is in this answer only',
      tag: 'tokens',
      body: CreateTokenBody,
      responses: {
        201: {
          description: 'The token and its description.',
          schema: CreatedApiTokenBody,
        },
        400: { description: 'Invalid input, or no such active user.', schema: ErrorBody },
        ...adminOnly,
      },
    },
    async ({ ctx, res, body }) => {
      const created = await createApiToken(ctx, body);
      res.status(201).json({ token: created.token, apiToken: presentAs(ApiTokenBody, created.apiToken) });
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/tokens',
      summary: 'Every API token, revoked ones too (never the tokens themselves)',
      tag: 'tokens',
      responses: {
        200: { description: 'API tokens, newest first.', schema: z.array(ApiTokenBody) },
        ...adminOnly,
      },
    },
    async ({ ctx, res }) => {
      res.json((await listApiTokens(ctx)).map((token) => presentAs(ApiTokenBody, token)));
    },
  );

  api.add(
    {
      method: 'delete',
      path: '/api/tokens/:id',
      summary: 'Revoke an API token: it answers 401 from now on',
      tag: 'tokens',
      params: IdParams,
      responses: {
        200: { description: 'The revoked token.', schema: ApiTokenBody },
        404: { description: 'No such token.', schema: ErrorBody },
        409: { description: 'Already revoked.', schema: ErrorBody },
        ...adminOnly,
      },
    },
    async ({ ctx, res, params }) => {
      res.json(presentAs(ApiTokenBody, await revokeApiToken(ctx, { id: params.id })));
    },
  );
}
