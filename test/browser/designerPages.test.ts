/**
 * The designer's pages and bundles over HTTP (no browser): who may open them, how bad links are
 * answered, and how the bundles are served and cached.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { logIn, type PageClient } from '../pages/pageClient.js';

describe('the designer pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let designer: PageClient;
  let executor: PageClient;
  let auditor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-designer-pages-'));
    server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_INTERVAL_SECONDS: '0',
    });
    [designer, executor, auditor] = await Promise.all([
      logIn(server, 'designer'),
      logIn(server, 'executor'),
      logIn(server, 'auditor'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens the designer pages to designers, with the bundle and the CSRF token for its API calls', async () => {
    const list = await designer.fetch('/designer');
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain("src='/assets/modeler.js'");
    expect(html).toMatch(/data-csrf='[^']+'/);
    expect(html).toContain("href='/designer' aria-current='page'");
    for (const page of [
      '/designer/new',
      '/designer/edit?key=incoming-correspondence&version=1',
      '/designer/compare?key=incoming-correspondence&from=1&to=1',
      '/designer/heatmap?key=incoming-correspondence&version=1',
    ]) {
      expect({ page, status: (await designer.fetch(page)).status }).toEqual({ page, status: 200 });
    }
  });

  it('refuses the designer pages to other roles; auditors may look at an instance but not migrate it', async () => {
    expect((await executor.fetch('/designer')).status).toBe(403);
    expect((await executor.fetch('/designer/new')).status).toBe(403);
    expect((await auditor.fetch('/designer')).status).toBe(403);
    const instance = await auditor.fetch('/designer/instances/00000000-0000-4000-8000-000000000000');
    expect(instance.status).toBe(200);
    expect(await instance.text()).not.toContain('data-migrate');
    expect(await (await designer.fetch('/designer/instances/x')).text()).toContain('data-migrate');
    expect((await executor.fetch('/designer/instances/x')).status).toBe(403);
  });

  it('answers a malformed link with 400 and says what is wrong', async () => {
    const response = await designer.fetch('/designer/edit?key=incoming-correspondence&version=first');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Give the version version as a number.');
    expect((await designer.fetch('/designer/compare?key=%3Cscript%3E&from=1&to=2')).status).toBe(400);
  });

  it('serves the bundles built on first request, with revalidation by ETag', async () => {
    for (const asset of ['modeler.js', 'modeler.css', 'viewer.js', 'viewer.css']) {
      const response = await fetch(`${server.url}/assets/${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      expect(response.headers.get('cache-control')).toBe('public, max-age=3600, must-revalidate');
      const etag = response.headers.get('etag') ?? '';
      const again = await fetch(`${server.url}/assets/${asset}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    expect((await fetch(`${server.url}/assets/viewer.js`)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await fetch(`${server.url}/assets/nothing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}/assets/..%2Fapp.ts`)).status).toBe(404);
  });

  it('allows what bpmn-js needs in the content security policy, and no eval', async () => {
    const policy = (await designer.fetch('/designer')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toMatch(/style-src [^;]*'unsafe-inline'/);
    expect(policy).toMatch(/img-src [^;]*data:/);
    expect(policy).toMatch(/font-src [^;]*data:/);
  });
});
