/**
 * The test servers' check of their own answers (web/api/support/apiRoute.ts, `checkResponses`) covers error
 * answers too (issue 13): a 4xx/5xx body must match the operation's documented error schema, and a
 * status the operation does not document is a mismatch — answered 500 naming the problems.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { z } from 'zod';
import { DEFAULT_SETTINGS } from '../../engine/context.js';
import { Conflict } from '../../engine/errors.js';
import { createLogger } from '../../engine/logger.js';
import type { Store } from '../../engine/store/ports.js';
import { ApiRoutes, documentedResponses } from '../../web/api/support/apiRoute.js';
import { openApiDocument } from '../../web/api/support/openApiDocument.js';
import { ErrorBody, errorBodyWith, IdParams } from '../../web/api/support/schemas.js';
import { errorHandler } from '../../web/http/errorHandler.js';

const ConflictWithVersion = errorBodyWith({ version: z.number().int() }, 'Changed meanwhile.');

describe('the check of error answers', () => {
  let server: Server;
  let base: string;
  let api: ApiRoutes;

  beforeAll(async () => {
    api = new ApiRoutes({
      store: {} as Store,
      settings: DEFAULT_SETTINGS,
      maxUploadBytes: 1024,
      checkResponses: true,
    });
    const ok = { 200: { description: 'Fine.', schema: z.object({ ok: z.boolean() }) } };
    const route = { method: 'get', tag: 't', summary: 's', auth: 'none' } as const;
    api.add({ ...route, path: '/api/t/undocumented', responses: ok }, async () => {
      throw new Conflict('taken');
    });
    api.add(
      {
        ...route,
        path: '/api/t/documented',
        responses: { ...ok, 409: { description: 'Taken.', schema: ErrorBody } },
      },
      async () => {
        throw new Conflict('taken');
      },
    );
    api.add(
      {
        ...route,
        path: '/api/t/extra',
        responses: { ...ok, 409: { description: 'Taken.', schema: ErrorBody } },
      },
      async ({ res }) => {
        res.status(409).json({ error: 'conflict', message: 'taken', version: 3 });
      },
    );
    api.add(
      {
        ...route,
        path: '/api/t/extended',
        responses: { ...ok, 409: { description: 'Taken.', schema: ConflictWithVersion } },
      },
      async ({ res }) => {
        res.status(409).json({ error: 'conflict', message: 'taken', version: 3 });
      },
    );
    api.add({ ...route, path: '/api/t/:id', params: IdParams, responses: ok }, async ({ res }) => {
      res.json({ ok: true });
    });
    const app = express();
    const logger = createLogger('silent');
    app.use((req, _res, next) => {
      req.log = logger as unknown as typeof req.log;
      next();
    });
    app.use(api.router);
    app.use(errorHandler);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const answer = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('refuses a status the operation does not document', async () => {
    expect(await answer('/api/t/undocumented')).toEqual({
      status: 500,
      body: expect.objectContaining({
        error: 'response_mismatch',
        problems: [{ message: 'status 409 is not declared' }],
      }),
    });
  });

  it('passes a documented error answer', async () => {
    expect(await answer('/api/t/documented')).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'taken' },
    });
  });

  it('refuses an error body with a field its schema does not name, and passes it once documented', async () => {
    expect(await answer('/api/t/extra')).toEqual({
      status: 500,
      body: expect.objectContaining({
        error: 'response_mismatch',
        problems: [expect.objectContaining({ field: 'version' })],
      }),
    });
    expect(await answer('/api/t/extended')).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'taken', version: 3 },
    });
  });

  it('passes the 404 of a malformed id, which every operation with an id documents', async () => {
    expect(await answer('/api/t/not-an-id')).toEqual({
      status: 404,
      body: expect.objectContaining({ error: 'not_found' }),
    });
    const declared = api.declared.find((r) => r.path === '/api/t/:id');
    if (!declared) throw new Error('the route is not declared');
    expect(Object.keys(documentedResponses(declared))).toEqual(['200', '404', '500']);
    const document = openApiDocument(api.declared);
    expect(Object.keys((document.paths['/api/t/{id}']?.get as { responses: object }).responses)).toEqual([
      '200',
      '404',
      '431',
      '500',
    ]);
  });
});
