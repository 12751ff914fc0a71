/**
 * The archive's pages (issue 19, part 2): the registry sees the case files whose retention ended,
 * prepares an appraisal act (a refused one is shown again and stores nothing), sets a legal hold
 * (the held file leaves the list), the committee and the head complete the act's tasks on the task
 * page, and the registry carries it out and downloads the transfer package. An executor gets 403;
 * the auditor reads without forms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { logIn, type PageClient, showsTask, taskLinks } from './pageClient.js';

describe('the archive through the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let depthead: PageClient;
  let executor: PageClient;
  let auditor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-archive-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head, depthead, executor, auditor] = await Promise.all([
      logIn(server, 'registrar'),
      logIn(server, 'head'),
      logIn(server, 'depthead'),
      logIn(server, 'executor'),
      logIn(server, 'auditor'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function completeTask(person: PageClient, name: string, fields: Record<string, string>) {
    for (const taskId of taskLinks(await person.page('/'))) {
      const html = await person.page(`/tasks/${taskId}`);
      if (!showsTask(html, name) || html.includes('<dd>completed</dd>')) continue;
      const done = await person.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, fields);
      expect(done.status).toBe(303);
      return;
    }
    throw new Error(`no open task ${name}`);
  }

  it('appraises, approves, carries out and transfers an act; holds and roles are respected', async () => {
    const kanc = await server.store.departments.getByCode('KANC');
    const insert = (indexCode: string, title: string) =>
      server.store.caseFiles.insert({
        indexCode,
        title,
        departmentId: kanc?.id ?? null,
        retention: 'short',
        retentionYears: 5,
        year: 2015,
      });
    const old = await insert('9-1', 'Vecā sarakste 2015');
    const held = await insert('9-2', 'Tiesvedības lieta 2015');

    expect((await executor.fetch('/archive')).status).toBe(403);
    const auditorView = await auditor.page('/archive');
    expect(auditorView).toContain('Vecā sarakste 2015');
    expect(auditorView).not.toContain(`name='decision.${old.id}'`);

    const list = await registrar.page('/archive');
    expect(list).toContain(`name='decision.${old.id}'`);
    expect(list).toContain(`name='decision.${held.id}'`);

    // A legal hold takes the file out of the appraisal list.
    const hold = await registrar.submit('/archive', '/archive/holds', {
      caseFileId: held.id,
      reason: 'Tiesvedība C-77/2026',
    });
    expect(hold.status).toBe(303);
    const afterHold = await registrar.page('/archive');
    expect(afterHold).not.toContain(`name='decision.${held.id}'`);
    expect(afterHold).toContain('Tiesvedība C-77/2026');
    const emptyReason = await registrar.submit('/archive', '/archive/holds', {
      caseFileId: old.id,
      reason: '',
    });
    expect(emptyReason.status).toBe(400);

    // Two members are refused: shown again, nothing prepared.
    const refused = await registrar.submit('/archive', '/archive/acts', {
      [`decision.${old.id}`]: 'destroy',
      [`reason.${old.id}`]: 'Termiņš beidzies',
      committee: ['registrar', 'depthead', ''],
    });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('name three different committee members');
    expect(refusedHtml).toMatch(/<option value='destroy' selected>/);
    expect(await server.store.archive.listActs()).toHaveLength(0);

    const prepared = await registrar.submit('/archive', '/archive/acts', {
      [`decision.${old.id}`]: 'transfer',
      [`reason.${old.id}`]: 'Vēsturiska vērtība',
      committee: ['registrar', 'depthead', 'executor'],
    });
    expect(prepared.status).toBe(303);
    const actPath = prepared.headers.get('location') ?? '';
    expect(actPath).toMatch(/^\/archive\/acts\/[0-9a-f-]{36}$/);
    expect(await registrar.page(actPath)).toContain('Appraisal act AA-');
    // A committee member sees the act; a head too; nobody may carry it out yet.
    expect((await executor.fetch(actPath)).status).toBe(200);

    for (const member of [registrar, depthead, executor])
      await completeTask(member, 'Komisijas lēmums', { decision: 'agree' });
    await completeTask(head, 'Akta apstiprināšana', { signature: 'sign_act' });

    const approved = await registrar.page(actPath);
    expect(approved).toContain('approved');
    expect(approved).toContain(`action='${actPath}/transfer'`);
    expect((await executor.fetch(actPath)).status).toBe(200);
    const pkg = await registrar.submit(actPath, `${actPath}/transfer`, {});
    expect(pkg.status).toBe(200);
    expect(pkg.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(await pkg.arrayBuffer());
    expect(zip.subarray(0, 4).readUInt32LE(0)).toBe(0x04034b50);
    // Others may not download it.
    expect((await head.submit(actPath, `${actPath}/transfer`, {})).status).toBe(403);
    const executed = await registrar.page(actPath);
    expect(executed).toContain('carried out');
    expect((await server.store.audit.verify()).ok).toBe(true);
  });
});
