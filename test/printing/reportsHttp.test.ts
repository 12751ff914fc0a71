import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createApiToken } from '../../engine/auth/apiTokens.js';
import { DEFAULT_SETTINGS, systemClock } from '../../engine/context.js';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { readPdf } from './pdfText.js';
import { aReportWorld, type ReportWorld } from './reportWorld.js';

type Person = keyof ReportWorld['people'];

describe('printed reports over HTTP', () => {
  let api: ApiWorld;
  let world: ReportWorld;
  const tokens = new Map<Person, string>();

  beforeAll(async () => {
    api = await startApiWorld();
    world = await aReportWorld(api.store);
    const admin = {
      store: api.store,
      clock: systemClock,
      settings: DEFAULT_SETTINGS,
      actor: world.actor('admin'),
    };
    for (const person of Object.keys(world.people) as Person[]) {
      const { token } = await createApiToken(admin, {
        name: `reports as ${person}`,
        username: world.people[person].username,
      });
      tokens.set(person, token);
    }
  });
  afterAll(async () => {
    await api.close();
  });

  const send = (person: Person, path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${tokens.get(person)}`);
    return fetch(`${api.base}${path}`, { ...init, headers });
  };
  const pdfOf = async (response: Response) => readPdf(Buffer.from(await response.arrayBuffer()));
  const journalPath = (format: string, extra = '') =>
    `/api/reports/journal.${format}?register=${encodeURIComponent(world.register.code)}&from=2026-03-01&to=2026-03-31${extra}`;

  it('prints the journal from the store as PDF with Latvian and Cyrillic rows', async () => {
    // when
    const response = await send('registrar', journalPath('pdf', '&lang=lv'));
    // then
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(`journal-${world.register.code}`);
    const pdf = await pdfOf(response);
    const text = pdf.text.replace(/\s+/g, ' ');
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.text).toContain(`Lapa 1 no ${pdf.pages}`);
    for (const number of ['3-12/2026/1', '3-12/2026/3', '3-12/2026/5']) expect(text).toContain(number);
    expect(text).toContain('Ķekavas nami');
    expect(text).toContain('Қайрат Өмірұлы');
    for (const letter of ['ā', 'č', 'ģ', 'ķ', 'ļ', 'ņ', 'š', 'ž', 'ё', 'қ', 'ө'])
      expect(pdf.text).toContain(letter);
  });

  it('prints the journal as CSV and XLSX', async () => {
    // when
    const csv = await send('registrar', journalPath('csv', '&lang=ru'));
    const xlsx = await send('registrar', journalPath('xlsx'));
    // then
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const csvText = await csv.text();
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(6);
    expect(csvText).toContain('Заявление о пособии: ёлка, қала, өмір');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(6);
    expect(String(sheet.getRow(2).getCell(1).value)).toBe('3-12/2026/1');
  });

  it('leaves restricted letters out of the journal of someone not named on them', async () => {
    // when
    const response = await send('head', journalPath('csv'));
    // then
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain('Slepena sūdzība');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(5);
  });

  it('refuses the journal to someone outside the register and the reading roles', async () => {
    const response = await send('outsider', journalPath('pdf'));
    expect(response.status).toBe(403);
  });

  it('answers bad parameters with 400 and every problem', async () => {
    // when
    const response = await send(
      'registrar',
      '/api/reports/journal.pdf?register=NAV&from=2026-13-01&to=2026-03-31',
    );
    // then
    expect(response.status).toBe(400);
    const body = (await response.json()) as { problems: { field: string; message: string }[] };
    // The parameters' form is checked first, once per field; the register only once they are dates.
    expect(body.problems.map((problem) => problem.field)).toEqual(['from']);
    const unknownRegister = await send(
      'registrar',
      '/api/reports/journal.pdf?register=NAV&from=2026-03-01&to=2026-03-31',
    );
    expect(unknownRegister.status).toBe(400);
    const second = (await unknownRegister.json()) as { problems: { field: string }[] };
    expect(second.problems.map((problem) => problem.field)).toEqual(['register']);
  });

  it('prints the control report and the statistics for a head', async () => {
    // when
    const control = await send('head', '/api/reports/control.pdf?asOf=2026-03-15&lang=ru');
    const statistics = await send(
      'head',
      '/api/reports/statistics.pdf?from=2026-03-01&to=2026-03-31&lang=lv',
    );
    // then
    expect(control.status).toBe(200);
    const controlText = (await pdfOf(control)).text.replace(/\s+/g, ' ');
    expect(controlText).toContain('Қайрат Өмірұлы');
    expect(controlText).toContain(world.buildingName);
    expect(controlText).not.toContain('Slepena');
    expect(statistics.status).toBe(200);
    expect((await pdfOf(statistics)).text.replace(/\s+/g, ' ')).toContain(world.socialName);
    expect((await send('executor', '/api/reports/statistics.pdf?from=2026-03-01&to=2026-03-31')).status).toBe(
      403,
    );
  });

  it("prints a document's card for whoever may see it, and 404 for anyone else", async () => {
    // when
    const hidden = await send('head', `/api/documents/${world.restricted.id}/card.pdf`);
    const named = await send('executor', `/api/documents/${world.restricted.id}/card.pdf?lang=en`);
    // then
    expect(hidden.status).toBe(404);
    expect(named.status).toBe(200);
    const text = (await pdfOf(named)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Slepena sūdzība par kaimiņu');
    expect(text).toContain('Izskatīt un sagatavot atbildi');
  });

  it("prints an order's sheet with its points and signer; other documents have none", async () => {
    // when
    const sheet = await send('head', `/api/documents/${world.order.id}/order-sheet.pdf`);
    const letter = await send('head', `/api/documents/${world.documents[0]!.id}/order-sheet.pdf`);
    // then
    expect(sheet.status).toBe(200);
    const text = (await pdfOf(sheet)).text.replace(/\s+/g, ' ');
    expect(text).toContain('Darba grupai līdz 30. aprīlim iesniegt priekšlikumus.');
    expect(text).toContain('Mārtiņš Liepa');
    expect(letter.status).toBe(400);
  });

  it('refuses a broken template with its line, answers a template failing on real rows with a clear 400, reverts', async () => {
    // given
    const json = (body: unknown): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const shipped = (await (await send('admin', '/api/report-templates/journal')).json()) as {
      source: string;
    };
    // when a template with a syntax error is uploaded
    const broken = await send(
      'admin',
      '/api/report-templates/journal',
      json({ source: '<document>\n{{#if x}' }),
    );
    // then
    expect(broken.status).toBe(400);
    expect(JSON.stringify(await broken.json())).toMatch(/line 2/);
    // when a template that passes the samples fails on a row of the register
    const failing = shipped.source.replace(
      '{{#rows}}',
      '{{#rows}}{{#if (eq registrationNumber "3-12/2026/2")}}{{caseFile.code}}{{/if}}',
    );
    expect(failing).not.toBe(shipped.source);
    const stored = await send('admin', '/api/report-templates/journal', json({ source: failing }));
    expect(stored.status).toBe(200);
    const printed = await send('registrar', journalPath('pdf'));
    // then
    expect(printed.status).toBe(400);
    const problem = (await printed.json()) as { message: string };
    expect(problem.message).toMatch(/custom "journal" template fails/);
    // when reverted
    const reverted = await send('admin', '/api/report-templates/journal', { method: 'DELETE' });
    expect(((await reverted.json()) as { origin: string }).origin).toBe('shipped');
    expect((await send('registrar', journalPath('pdf'))).status).toBe(200);
    expect((await send('registrar', '/api/report-templates/journal')).status).toBe(403);
  });
});
