import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { form } from '../support/browserClient.js';
import { readPdf } from './pdfText.js';

const ROWS = 620;

describe('print page, print jobs and the template page', () => {
  let api: ApiWorld;
  beforeAll(async () => {
    api = await startApiWorld();
    // A register of 620 letters: more than one batch of rows, so that progress moves.
    await api.db.query(
      `INSERT INTO documents (id, register_id, year, sequence, registration_number, registered_on, subject, status,
                              confidentiality, created_by)
       SELECT gen_random_uuid(), $1, 2026, n, '3-12/2026/' || n, date '2026-03-01' + (n % 28),
              'Iesniegums par ģimenes pabalstu — Ёлкина Қ. Ө. (' || n || ')', 'in_progress', 'public', $2
         FROM generate_series(1, $3) AS n`,
      [api.incoming.id, api.users.registrar.id, ROWS],
    );
  });
  afterAll(async () => {
    await api.close();
  });

  it('shows the problems of bad parameters on the print page', async () => {
    const registrar = await api.session('registrar');
    const refused = await registrar.fetch(
      '/reports/jobs',
      form({ register: 'NAV', from: '2026-03-31', to: '2026-03-01', format: 'pdf' }),
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    // The session names no language, so the page is Latvian: the catalog translates this problem.
    expect(html).toContain('šāda reģistra nav: NAV');
    expect(html).toContain('ir pirms sākuma datuma');
  });

  it('finds a document card by its registration number, and says when there is none to see', async () => {
    const registrar = await api.session('registrar');
    const page = await registrar.fetch('/reports');
    expect(await page.text()).toContain("action='/reports/card'");

    const found = await registrar.fetch('/reports/card?number=3-12%2F2026%2F1&lang=en', {
      redirect: 'manual',
    });
    const missing = await registrar.fetch('/reports/card?number=9-99%2F2026%2F1');

    expect(found.status).toBe(303);
    expect(found.headers.get('location')).toMatch(/^\/api\/documents\/[0-9a-f-]{36}\/card\.pdf\?lang=en$/);
    const pdf = await registrar.fetch(found.headers.get('location') ?? '');
    // Number 1 of 620: the exact number, not one of the hundred that begin with it.
    const text = (await readPdf(Buffer.from(await pdf.arrayBuffer()))).text;
    expect(text).toMatch(/3-12\/2026\/1(?!\d)/);
    expect(text).not.toMatch(/3-12\/2026\/1\d/);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('9-99/2026/1');
  });

  it('lets an administrator replace a template (refused with its line) and revert it', async () => {
    // given
    const admin = await api.session('admin');
    expect((await admin.get('/admin/templates')).status).toBe(200);
    // when
    const broken = await admin.fetch('/admin/templates/card', form({ source: '<document>\n{{#if x}' }));
    // then
    expect(broken.status).toBe(400);
    expect(await broken.text()).toMatch(/line 2/);
    // when a good replacement is stored and then reverted
    const shipped = (await (await admin.get('/api/report-templates/card')).json()) as { source: string };
    const saved = await admin.fetch(
      '/admin/templates/card',
      form({ source: shipped.source.replace("{{label 'card.title'}}", 'Kartīte') }),
    );
    expect(saved.status).toBe(200);
    expect(
      ((await (await admin.get('/api/report-templates/card')).json()) as { origin: string }).origin,
    ).toBe('custom');
    expect((await admin.fetch('/admin/templates/card/revert', form({}))).status).toBe(200);
    expect(
      ((await (await admin.get('/api/report-templates/card')).json()) as { origin: string }).origin,
    ).toBe('shipped');
    const audit = await api.store.audit.list({ objectType: 'report_template' });
    expect(audit.map((event) => event.action)).toEqual([
      'report_template.stored',
      'report_template.reverted',
    ]);
    // and no one else may
    expect((await (await api.session('registrar')).get('/admin/templates')).status).toBe(403);
  });

  it('prints a journal as a job: progress as JSON and as a refreshing page, then the download', async () => {
    // given
    const registrar = await api.session('registrar');
    const page = await registrar.get('/reports?register=IEN&from=2026-03-01&to=2026-03-31');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("action='/reports/jobs'");
    // when
    const started = await registrar.fetch(
      '/reports/jobs',
      form({ register: 'IEN', from: '2026-03-01', to: '2026-03-31', format: 'pdf', lang: 'lv' }),
    );
    // then
    expect(started.status).toBe(303);
    const location = started.headers.get('location') ?? '';
    expect(location).toMatch(/^\/reports\/jobs\/[0-9a-f-]{36}$/);
    let progress = { status: 'running', rowsDone: 0, rowsTotal: 0 };
    while (progress.status === 'running') {
      // A breath between polls, as a page would take; hammering one keep-alive connection resets it.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const polled = await registrar.fetch(location, { headers: { accept: 'application/json' } });
      progress = (await polled.json()) as typeof progress;
      expect(progress.rowsTotal).toBe(ROWS);
    }
    expect(progress).toEqual({ status: 'done', rowsDone: ROWS, rowsTotal: ROWS });
    const donePage = await (await registrar.get(location)).text();
    expect(donePage).toContain(`${location}/file`);
    expect(donePage).not.toContain('http-equiv');
    const file = await registrar.get(`${location}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await file.arrayBuffer());
    // and nobody else sees the job
    const head = await api.session('head');
    expect((await head.fetch(location, { headers: { accept: 'application/json' } })).status).toBe(404);
    expect((await head.get(`${location}/file`)).status).toBe(404);
    // Read last: parsing takes seconds, longer than the server keeps an idle connection open.
    const pdf = await readPdf(bytes);
    expect(pdf.pages).toBeGreaterThan(10);
    expect(pdf.text).toContain('3-12/2026/620');
    expect(pdf.text).toContain('Ёлкина Қ. Ө.');
    expect(pdf.text).toContain(`Lapa ${pdf.pages} no ${pdf.pages}`);
  });
});
