import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { browserClient, json } from '../support/browserClient.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { samplePdf } from '../support/samplePdf.js';

describe('the JSON API of a started server', () => {
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-api-'));
    server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      MAX_UPLOAD_MB: '1',
    });
  });
  afterAll(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function demoSession(username: string) {
    const credentials = server.demo?.credentials.find((c) => c.username === username);
    if (!credentials) throw new Error(`no demo user ${username}`);
    const browser = browserClient(server.url);
    const login = await browser.fetch('/api/auth/login', json({ username, password: credentials.password }));
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return { browser, csrfToken };
  }

  it("registers a letter with a PDF in the demo municipality's IEN register and keeps to MAX_UPLOAD_MB", async () => {
    // given
    const { browser, csrfToken } = await demoSession('registrar');
    const letter = (file: { bytes: Uint8Array; name: string }) => {
      const form = new FormData();
      form.set('document', JSON.stringify({ register: 'IEN', subject: 'Par ielas apgaismojumu' }));
      form.append('files', new Blob([file.bytes]), file.name);
      return { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form };
    };

    // when
    const registers = await browser.fetch('/api/registers');
    const registered = await browser.fetch(
      '/api/documents',
      letter({ bytes: await samplePdf(['Vēstule']), name: 'vestule.pdf' }),
    );
    const tooLarge = await browser.fetch(
      '/api/documents',
      letter({ bytes: new Uint8Array(1024 * 1024 + 1).fill(0x20), name: 'liels.txt' }),
    );

    // then
    expect(((await registers.json()) as { code: string }[]).map((r) => r.code).sort()).toEqual([
      'IEK',
      'IEN',
      'IES',
      'NOS',
      'RIK',
    ]);
    expect(registered.status).toBe(201);
    expect(await registered.json()).toMatchObject({
      registrationNumber: expect.stringMatching(/^3-12\/\d{4}\/1$/),
      attachments: [expect.objectContaining({ fileName: 'vestule.pdf', contentType: 'application/pdf' })],
    });
    expect(tooLarge.status).toBe(413);
  });
});
