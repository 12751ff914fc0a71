import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../engine/logger.js';
import type { Store } from '../engine/store/ports.js';
import { createTestStore, storeAdapters } from '../test/support/storeAdapters.js';
import { createApp } from './app.js';

describe('the web application', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const adapter = storeAdapters[0];
    if (!adapter) throw new Error('no adapter');
    ({ store, dispose } = await createTestStore(adapter));
    server = createApp({ store, logger: createLogger('silent') }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await dispose();
  });

  it('answers every request with a request id, keeping a well-formed one given by the caller', async () => {
    const given = await fetch(`${base}/api/health`, { headers: { 'X-Request-Id': 'lb-7f3a.42' } });
    const made = await fetch(`${base}/api/health`, { headers: { 'X-Request-Id': 'not ok; DROP TABLE' } });

    expect(given.headers.get('x-request-id')).toBe('lb-7f3a.42');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the icon browsers ask every site for, without a login', async () => {
    const ico = await fetch(`${base}/favicon.ico`);
    const svg = await fetch(`${base}/static/favicon.svg`);

    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    expect(Buffer.from(await ico.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const response = await fetch(`${base}/api/no-such-thing`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not_found',
      message: 'No such endpoint: GET /api/no-such-thing',
    });
  });

  it('answers a malformed JSON body with a JSON 400', async () => {
    const response = await fetch(`${base}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"subject": ',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid',
      message: 'The request body is not valid JSON.',
    });
  });

  it('answers a body over the limit with a JSON 413', async () => {
    const response = await fetch(`${base}/api/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'ā'.repeat(1_000_000) }),
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'too_large' });
  });

  it('reports 503 from health when the database does not answer', async () => {
    await store.close();

    const response = await fetch(`${base}/api/health`);

    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', store: 'pglite' });
  });
});
