import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Router } from 'express';
import { DEFAULT_SETTINGS } from '../../engine/context.js';
import { createLogger } from '../../engine/logger.js';
import { buildApi } from '../../web/api/apiRoutes.js';
import { openApiPath } from '../../web/api/support/openApiDocument.js';
import { createApp } from '../../web/app.js';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface OpenApi {
  openapi: string;
  paths: Record<
    string,
    Record<string, { operationId: string; parameters?: { name: string; in: string }[]; responses: object }>
  >;
}

/** Every `METHOD /api/…` route express would answer, found by walking the app's routers. */
function expressRoutes(router: Router, prefix = ''): string[] {
  const layers = (router as unknown as { stack: Layer[] }).stack;
  return layers.flatMap((layer) => {
    const mount = layer.rawPath && layer.rawPath !== '/' ? layer.rawPath : '';
    if (layer.route) {
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => `${method} ${prefix}${layer.route?.path}`);
    }
    const nested = (layer.handle as { stack?: unknown }).stack ? (layer.handle as unknown as Router) : null;
    return nested ? expressRoutes(nested, `${prefix}${mount}`) : [];
  });
}
interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle: unknown;
}

describe('the OpenAPI document', () => {
  let world: ApiWorld;
  let document: OpenApi;

  beforeAll(async () => {
    world = await startApiWorld();
    const response = await fetch(`${world.base}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = await body<OpenApi>(response);
  });
  afterAll(() => world.close());

  it('is OpenAPI 3.1 JSON with paths, served to anyone', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).length).toBeGreaterThan(15);
    expect(document.paths['/api/documents']?.post?.responses).toHaveProperty('201');
  });

  it('describes every API route the app serves, the login routes included', () => {
    // given
    const app = createApp({ store: world.store, logger: createLogger('silent') });
    const served = expressRoutes(app.router as unknown as Router).filter((route) =>
      route.split(' ')[1]?.startsWith('/api/'),
    );

    // then
    expect(served).toEqual(
      expect.arrayContaining([
        'post /api/auth/login',
        'get /api/me',
        'get /api/health',
        'post /api/documents',
      ]),
    );
    const described = served.filter((route) => {
      const [method = '', path = ''] = route.split(' ');
      return document.paths[openApiPath(path)]?.[method] !== undefined;
    });
    expect(described).toEqual(served);
  });

  it('declares each path parameter, and gives every operation a unique id', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.values(methods).map((operation) => ({ path, operation })),
    );
    for (const { path, operation } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect([path, declared]).toEqual([path, inPath]);
    }
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every error answer of every operation as an Error, a bug’s 500 included', () => {
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const responses = operation.responses as Record<
          string,
          { content?: Record<string, { schema: { $ref?: string; allOf?: { $ref?: string }[] } }> }
        >;
        if (!responses['500']) wrong.push(`${method} ${path}: no 500`);
        for (const [status, response] of Object.entries(responses)) {
          // 431: Node's HTTP server answers it, without a body; the health probe's 503 is its health.
          if (Number(status) < 400 || status === '431') continue;
          if (path === '/api/health' && status === '503') continue;
          const schema = response.content?.['application/json']?.schema;
          const ERROR = '#/components/schemas/Error';
          if (schema?.$ref !== ERROR && schema?.allOf?.[0]?.$ref !== ERROR)
            wrong.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has one declaration for each mounted route of the API router', () => {
    // given
    const api = buildApi({ store: world.store, settings: DEFAULT_SETTINGS, maxUploadBytes: 1 });

    // then
    const mounted = expressRoutes(api.router).sort();
    const declared = api.declared
      .filter((route) => mounted.includes(`${route.method} ${route.path}`))
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(declared).toEqual(mounted);
  });
});
