import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../engine/config.js';
import type { RunningServer } from '../server.js';
import { browserClient, json } from '../../test/support/browserClient.js';
import { startDemoDataServer } from '../../test/support/demoServer.js';
import { bearerMatches } from './metrics.js';

const TOKEN = 'metrics-token-0123456789abcdef';

async function registerLetter(server: RunningServer): Promise<{ id: string }> {
  const credentials = server.demo?.credentials.find((c) => c.username === 'registrar');
  if (!credentials) throw new Error('no demo registrar');
  const browser = browserClient(server.url);
  const login = await browser.fetch(
    '/api/auth/login',
    json({ username: 'registrar', password: credentials.password }),
  );
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const registered = await browser.fetch(
    '/api/documents',
    json({ register: 'IEN', subject: 'Par metrikām' }, { 'x-csrf-token': csrfToken }),
  );
  expect(registered.status).toBe(201);
  const document = (await registered.json()) as { id: string };
  expect((await browser.fetch(`/api/documents/${document.id}`)).status).toBe(200);
  return document;
}

describe('/metrics with METRICS_TOKEN set', () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-metrics-'));
    server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_INTERVAL_SECONDS: '0',
      METRICS_TOKEN: TOKEN,
    });
  });
  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 401 without the token or with a wrong one', async () => {
    // when
    const none = await fetch(`${server.url}/metrics`);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
    const basic = await fetch(`${server.url}/metrics`, { headers: { authorization: `Basic ${TOKEN}` } });

    // then
    for (const response of [none, wrong, basic]) {
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('kanceleja_');
    }
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
  });

  it('counts a registration over HTTP and times requests by route pattern, never by the URL with its id', async () => {
    // given
    const document = await registerLetter(server);

    // when
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const text = await response.text();

    // then
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('kanceleja_documents_registered_total{register="IEN"} 1');
    expect(text).toContain('kanceleja_audit_events_total{action="document.registered"} 1');
    expect(text).toMatch(/^kanceleja_process_steps_total\{process="[^"]+"\} [1-9]/m);
    expect(text).toMatch(
      /^kanceleja_http_request_duration_seconds_count\{method="POST",route="\/api\/documents",status="2xx"\} 1$/m,
    );
    expect(text).toMatch(
      /^kanceleja_http_request_duration_seconds_count\{method="GET",route="\/api\/documents\/:id",status="2xx"\} 1$/m,
    );
    expect(text).not.toContain(document.id);
    for (const name of [
      'kanceleja_incidents_raised_total',
      'kanceleja_incidents_open',
      'kanceleja_job_lag_seconds_bucket',
      'kanceleja_job_retries_total',
      'kanceleja_jobs_overdue',
      'kanceleja_job_oldest_overdue_seconds',
      'kanceleja_mail_outbox_depth{status="queued"}',
      'kanceleja_mail_failures_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(name);
    }
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is not served, and the rest of the server works as before', async () => {
    // given
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-metrics-off-'));
    const server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_INTERVAL_SECONDS: '0',
    });
    try {
      // when
      const response = await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
        redirect: 'manual',
      });
      await registerLetter(server);

      // then
      expect(response.status).not.toBe(200);
      expect(await response.text()).not.toContain('kanceleja_http_request_duration_seconds');
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('METRICS_TOKEN and the bearer check', () => {
  it('refuses a token too short or with spaces, and takes a long one', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' }, '/')).toThrow(/METRICS_TOKEN: must be 24 to 512/);
    expect(() => loadConfig({ METRICS_TOKEN: `${TOKEN} x` }, '/')).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: TOKEN }, '/').metricsToken).toBe(TOKEN);
    expect(loadConfig({}, '/').metricsToken).toBeNull();
  });

  it('matches only `Bearer <token>` exactly', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(TOKEN, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', TOKEN)).toBe(false);
  });
});
