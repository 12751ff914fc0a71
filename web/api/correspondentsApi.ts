/** Correspondent cards: look-up while registering, a card with its documents, new cards. */
import { z } from 'zod';
import {
  createCorrespondent,
  findCorrespondents,
  getCorrespondentCard,
} from '../../engine/records/correspondents.js';
import { CORRESPONDENT_KINDS } from '../../engine/store/recordPorts.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import { CorrespondentPageBody } from './support/responseSchemas.js';
import { CorrespondentBody, ErrorBody, IdParams, optionalText, Paging } from './support/schemas.js';

export const NewCorrespondentBody = z.strictObject({
  kind: z.enum(CORRESPONDENT_KINDS),
  name: z.string().max(300),
  registrationCode: optionalText(50),
  address: optionalText(500),
  email: optionalText(200),
  phone: optionalText(50),
  eAddress: optionalText(200),
});

export function correspondentRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/correspondents',
      summary: "Find correspondents by name or code (a person's code is masked)",
      tag: 'correspondents',
      query: z.object({ q: z.string().max(200).describe('At least 2 characters.') }),
      responses: {
        200: { description: 'Up to 20 cards, best matches first.', schema: z.array(CorrespondentBody) },
        403: { description: 'The user holds no records role.', schema: ErrorBody },
        400: { description: 'No `q`.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, query }) => {
      res.json(
        (await findCorrespondents(ctx, query.q)).map((correspondent) =>
          presentAs(CorrespondentBody, correspondent),
        ),
      );
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/correspondents',
      summary: 'Create a correspondent card',
      tag: 'correspondents',
      body: NewCorrespondentBody,
      responses: {
        201: { description: 'The card.', schema: CorrespondentBody },
        400: { description: 'Invalid input, with problems.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      res.status(201).json(presentAs(CorrespondentBody, await createCorrespondent(ctx, body)));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/correspondents/:id',
      summary: 'A correspondent card with the documents the user may see',
      tag: 'correspondents',
      params: IdParams,
      query: z.object(Paging),
      responses: {
        200: {
          description: 'The card (unmasked) with one page of its documents.',
          schema: z
            .object({ correspondent: CorrespondentBody, documents: CorrespondentPageBody })
            .describe('A correspondent card with its documents.'),
        },
        403: { description: 'The user holds no records role.', schema: ErrorBody },
        404: { description: 'No such correspondent.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, query }) => {
      res.json(
        await getCorrespondentCard(ctx, {
          id: params.id,
          limit: query.pageSize,
          offset: (query.page - 1) * query.pageSize,
        }),
      );
    },
  );
}
