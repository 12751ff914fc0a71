/**
 * Filing into case files through the pages, as the registry and the mayor do it: the clerk files a
 * letter when registering it, the card names the case file and refiles it (with the history saying
 * so in words), the register filters by case file, department, executor and overdue; a case file of
 * another year is refused with its field named; the mayor's "file to case" resolution asks for the
 * case file and files the document with the completion. An auditor or an administrator gets no
 * filing form.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CaseFile } from '../../engine/store/recordPorts.js';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { flat, logIn, optionValue, type PageClient } from './pageClient.js';

describe('filing into case files on the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let auditor: PageClient;
  let admin: PageClient;
  let year: number;
  let requests: CaseFile;
  let minutes: CaseFile;
  let lastYears: CaseFile;
  let cardPath: string;
  let documentId: string;
  const subject = `Iesniegums par ielas apgaismojumu ${Date.now()}`;

  const register = async (fields: Record<string, string>) => {
    const form = await registrar.page('/documents/new');
    return registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IEN'),
      correspondentName: 'Jānis Bērziņš',
      correspondentKind: 'person',
      ...fields,
    });
  };
  const rowOf = (html: string, text: string) => html.split('<tr').find((row) => row.includes(text));

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-filing-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head, auditor, admin] = await Promise.all([
      logIn(server, 'registrar'),
      logIn(server, 'head'),
      logIn(server, 'auditor'),
      logIn(server, 'admin'),
    ]);
    // The registration year as the server counts it: today's, in the institution's time zone.
    const probe = await register({ subject: `Pārbaude ${Date.now()}` });
    const probed = await server.store.documents.get(
      (probe.headers.get('location') ?? '').split('/').pop() ?? '',
    );
    year = Number(probed?.registeredOn.slice(0, 4));
    const insert = (indexCode: string, title: string, of: number) =>
      server.store.caseFiles.insert({ indexCode, title, retention: 'long', retentionYears: 75, year: of });
    [requests, minutes, lastYears] = await Promise.all([
      insert('3-12', 'Iedzīvotāju iesniegumi', year),
      insert('1-5', 'Domes sēžu protokoli', year),
      insert('3-12', 'Iedzīvotāju iesniegumi (iepriekšējais gads)', year - 1),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("offers this year's case files on the new-document form and files the document there", async () => {
    const form = await registrar.page('/documents/new');
    expect(form).toContain("<select id='caseFileId' name='caseFileId'");
    expect(form).toContain('3-12 — Iedzīvotāju iesniegumi<');
    expect(form).not.toContain('(iepriekšējais gads)');

    const registered = await register({ subject, caseFileId: requests.id });

    expect(registered.status).toBe(303);
    cardPath = registered.headers.get('location') ?? '';
    documentId = cardPath.split('/').pop() ?? '';
    expect((await server.store.documents.get(documentId))?.caseFileId).toBe(requests.id);
    const card = flat(await registrar.page(cardPath));
    expect(card).toContain('<dt>Case file</dt> <dd>3-12 Iedzīvotāju iesniegumi</dd>');
    // Kept as long as its case file: 75 years from 1 January after the case file's year.
    expect(card).toContain(
      `<dt>Kept</dt> <dd>retention ends on 1 Jan ${year + 76} (from the case file)</dd>`,
    );
    expect(card).toContain(`action='${cardPath}/case-file'`);
    expect(card).toContain('Remove from case file');
  });

  it('refuses a case file of another year with the field named, keeping the choice', async () => {
    const refused = await register({ subject: 'Nepareizā gada lieta', caseFileId: lastYears.id });

    expect(refused.status).toBe(400);
    const html = flat(await refused.text());
    const field = html.split("<label for='caseFileId'>")[1]?.split('</div>')[0] ?? '';
    expect(field).toContain(`the case file is of ${year - 1}`);
    expect(field).toContain(`<option value='${lastYears.id}' selected>`);
    expect(html).toContain('Nepareizā gada lieta');
  });

  it('refiles from the card, says so in the history, and the register filters by case file', async () => {
    const refiled = await registrar.submit(cardPath, `${cardPath}/case-file`, {
      version: String((await server.store.documents.get(documentId))?.version),
      caseFileId: minutes.id,
      action: 'file',
    });

    expect(refiled.status).toBe(303);
    const card = flat(await registrar.page(cardPath));
    expect(card).toContain('<dt>Case file</dt> <dd>1-5 Domes sēžu protokoli</dd>');
    expect(card).toContain("filed into a case <span class='muted'>→ 1-5 Domes sēžu protokoli</span>");
    expect(card).not.toContain(`→ ${minutes.id}`);

    const byMinutes = await registrar.page(`/documents?caseFile=${minutes.id}`);
    const byRequests = await registrar.page(`/documents?caseFile=${requests.id}`);
    expect(rowOf(byMinutes, subject)).toBeDefined();
    expect(byMinutes).toContain(`<option value='${minutes.id}' selected>`);
    expect(rowOf(byRequests, subject)).toBeUndefined();
    expect(byMinutes).toContain('Documents found: 1');
  });

  it('answers a stale filing form 409 and a case file of another year 400 naming the field', async () => {
    const stale = await registrar.submit(cardPath, `${cardPath}/case-file`, {
      version: '0',
      caseFileId: requests.id,
    });
    const otherYear = await registrar.submit(cardPath, `${cardPath}/case-file`, {
      caseFileId: lastYears.id,
    });

    expect(stale.status).toBe(409);
    expect(otherYear.status).toBe(400);
    expect(flat(await otherYear.text())).toContain(
      `Case file: the case file is of ${year - 1}, the document of ${year}`,
    );
    expect((await server.store.documents.get(documentId))?.caseFileId).toBe(minutes.id);
  });

  it('takes the document out of its case file, in words in the history', async () => {
    const removed = await registrar.submit(cardPath, `${cardPath}/case-file`, { action: 'remove' });

    expect(removed.status).toBe(303);
    const card = flat(await registrar.page(cardPath));
    expect(card).toContain("<dt>Case file</dt> <dd class='muted'>Not filed</dd>");
    expect(card).toContain("removed from the case file <span class='muted'>1-5 Domes sēžu protokoli</span>");
    expect((await server.store.documents.get(documentId))?.caseFileId).toBeNull();
  });

  it('offers an auditor and an administrator no filing form, and refuses their post', async () => {
    const byAuditor = await auditor.page(cardPath);
    const byAdmin = await admin.page(cardPath);
    const posted = await auditor.submit(cardPath, `${cardPath}/case-file`, { caseFileId: requests.id });

    expect(byAuditor).not.toContain('/case-file');
    expect(byAdmin).not.toContain('/case-file');
    expect(posted.status).toBe(403);
  });

  it('filters the register by department, executor and overdue, and keeps the filters in the form', async () => {
    const registrarUser = await server.store.users.getByUsername('registrar');
    const page = await registrar.page(
      `/documents?caseFile=${requests.id}&department=${registrarUser?.departmentId ?? ''}&overdue=1`,
    );
    const executorUser = await server.store.users.getByUsername('executor');
    const byExecutor = await registrar.page(`/documents?executor=${executorUser?.id ?? ''}`);
    const badId = await registrar.fetch('/documents?caseFile=nonsense');

    expect(page).toContain("name='overdue' value='1' checked");
    expect(page).toContain(`<option value='${requests.id}' selected>`);
    expect(byExecutor).toContain(`<option value='${executorUser?.id ?? ''}' selected>`);
    expect(byExecutor).not.toContain(subject);
    expect(flat(await badId.text())).toContain('is not an id');
  });

  it("makes the mayor's “file to case” resolution name a case file, and files the document with it", async () => {
    const registered = await register({ subject: `Zināšanai un lietā ${Date.now()}` });
    const id = (registered.headers.get('location') ?? '').split('/').pop() ?? '';
    const [instance] = (await server.store.processInstances.list({ businessKey: id, limit: 5 })).items;
    const resolution = (await server.store.tasks.listByInstance(instance?.id ?? '')).find(
      (task) => task.formKey === 'resolution' && task.status === 'open',
    );
    const taskPath = `/tasks/${resolution?.id ?? ''}`;
    const taskPage = flat(await head.page(taskPath));
    expect(taskPage).toContain('Case file (for “File to case”)');
    expect(taskPage).toContain('3-12 — Iedzīvotāju iesniegumi<');
    expect(taskPage).not.toContain('(iepriekšējais gads)');

    const without = await head.submit(taskPath, taskPath, { decision: 'file_to_case', text: 'Lietā.' });
    const wrongYear = await head.submit(taskPath, taskPath, {
      decision: 'file_to_case',
      text: 'Lietā.',
      caseFileId: lastYears.id,
    });
    expect(without.status).toBe(400);
    expect(flat(await without.text())).toMatch(/Case file \(for “File to case”\)<\/label>.*Required\./);
    expect(wrongYear.status).toBe(400);
    expect((await server.store.tasks.get(resolution?.id ?? ''))?.status).toBe('open');

    const filed = await head.submit(taskPath, taskPath, {
      decision: 'file_to_case',
      text: 'Lietā.',
      caseFileId: requests.id,
    });

    expect(filed.status).toBe(303);
    const document = await server.store.documents.get(id);
    expect(document?.caseFileId).toBe(requests.id);
    expect((await server.store.tasks.get(resolution?.id ?? ''))?.status).toBe('completed');
    const card = flat(await head.page(`/documents/${id}`));
    expect(card).toContain('<dt>Case file</dt> <dd>3-12 Iedzīvotāju iesniegumi</dd>');
    expect(card).toContain("filed into a case <span class='muted'>→ 3-12 Iedzīvotāju iesniegumi</span>");
    expect(rowOf(await registrar.page(`/documents?caseFile=${requests.id}`), id)).toBeDefined();
    // The API searches by the same filters.
    const api = await registrar.fetch(`/api/documents?caseFileId=${requests.id}&pageSize=100`);
    const apiBad = await registrar.fetch('/api/documents?caseFileId=nonsense');
    expect(api.status).toBe(200);
    expect(((await api.json()) as { items: { id: string }[] }).items.map((d) => d.id)).toContain(id);
    expect(apiBad.status).toBe(400);
    expect(((await apiBad.json()) as { problems: { field: string }[] }).problems).toEqual([
      expect.objectContaining({ field: 'caseFileId' }),
    ]);
  });
});
