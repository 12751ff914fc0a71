/**
 * The register journal of one case file: the print page offers the case files, the PDF names the case
 * file in its heading and lists only its documents, and so do the CSV and the API; an unknown case
 * file is refused next to its field, in the page's language.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CaseFile } from '../../engine/store/recordPorts.js';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { form } from '../support/browserClient.js';
import { readPdf } from './pdfText.js';

type Session = Awaited<ReturnType<ApiWorld['session']>>;

describe('printing the journal of one case file', () => {
  let api: ApiWorld;
  let applications: CaseFile;
  let complaints: CaseFile;

  beforeAll(async () => {
    api = await startApiWorld();
    applications = await api.store.caseFiles.insert({
      indexCode: '3-12',
      title: 'Iedzīvotāju iesniegumi',
      retention: 'short',
      retentionYears: 5,
      year: 2026,
    });
    complaints = await api.store.caseFiles.insert({
      indexCode: '3-14',
      title: 'Sūdzības',
      retention: 'short',
      retentionYears: 5,
      year: 2026,
    });
    // Six letters: 1 and 4 filed into the applications, 2 and 5 into the complaints, 3 and 6 nowhere.
    await api.db.query(
      `INSERT INTO documents (id, register_id, year, sequence, registration_number, registered_on, subject, status,
                              confidentiality, created_by, case_file_id)
       SELECT gen_random_uuid(), $1, 2026, n, 'L-' || n, date '2026-03-01' + n, 'Vēstule ' || n, 'registered',
              'public', $2, CASE n % 3 WHEN 1 THEN $3::uuid WHEN 2 THEN $4::uuid END
         FROM generate_series(1, 6) AS n`,
      [api.incoming.id, api.users.registrar.id, applications.id, complaints.id],
    );
  });
  afterAll(() => api.close());

  /** Starts the print job from the page's form and returns the finished file. */
  async function printed(client: Session, fields: Record<string, string>): Promise<Response> {
    const started = await client.fetch('/reports/jobs', form(fields));
    expect(started.status).toBe(303);
    const location = started.headers.get('location') ?? '';
    let status = 'running';
    while (status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const polled = await client.fetch(location, { headers: { accept: 'application/json' } });
      status = ((await polled.json()) as { status: string }).status;
    }
    expect(status).toBe('done');
    return client.get(`${location}/file`);
  }

  it('prints the CSV of one case file (lv) with only its documents', async () => {
    const registrar = await api.session('registrar');

    const file = await printed(registrar, {
      register: 'IEN',
      from: '2026-03-01',
      to: '2026-03-31',
      caseFile: complaints.id,
      format: 'csv',
      lang: 'lv',
    });

    const lines = (await file.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Lieta');
    expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(['L-2', 'L-5']);
    expect(lines.slice(1).every((line) => line.endsWith(';3-14'))).toBe(true);
  });

  it('prints the whole register when no case file is chosen', async () => {
    const registrar = await api.session('registrar');
    const file = await printed(registrar, {
      register: 'IEN',
      from: '2026-03-01',
      to: '2026-03-31',
      caseFile: '',
      format: 'csv',
      lang: 'en',
    });
    expect((await file.text()).trim().split('\r\n')).toHaveLength(7);
  });

  it.each([
    ['lv', 'šādas lietas nav'],
    ['en', 'no such case file'],
  ])('refuses a case file that does not exist (%s), next to its field', async (lang, message) => {
    const registrar = await api.session('registrar');
    const refused = await registrar.fetch(
      '/reports/jobs',
      form(
        {
          register: 'IEN',
          from: '2026-03-01',
          to: '2026-03-31',
          caseFile: '6f1c0000-0000-4000-8000-000000000000',
          format: 'pdf',
        },
        { 'accept-language': lang },
      ),
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain(`<p class='field-error' id='journal-caseFile-error'>${message}</p>`);
    expect(html).toMatch(/aria-invalid='true' aria-describedby='journal-caseFile-error'/);
  });

  it('prints the journal of one case file over the API', async () => {
    const registrar = await api.as('registrar');
    const answer = await registrar.get(
      `/api/reports/journal.csv?register=IEN&from=2026-03-01&to=2026-03-31&caseFile=${applications.id}&lang=en`,
    );
    expect(answer.status).toBe(200);
    const lines = (await answer.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(['L-1', 'L-4']);
    const refused = await registrar.get(
      '/api/reports/journal.pdf?register=IEN&from=2026-03-01&to=2026-03-31&caseFile=nav',
    );
    expect(refused.status).toBe(400);
  });

  // Last: parsing the PDF takes seconds, longer than the server keeps an idle connection open.
  it('offers the case files on the print page (en) and prints the PDF of one, named in its heading', async () => {
    const registrar = await api.session('registrar');
    const page = await (
      await registrar.browser.fetch('/reports', { headers: { 'accept-language': 'en' } })
    ).text();
    expect(page).toContain("<label for='journal-caseFile'>Case file</label>");
    expect(page).toContain("<option value=''>The whole register</option>");
    expect(page).toContain(
      `<option value='${applications.id}' >2026 · 3-12 — Iedzīvotāju iesniegumi</option>`,
    );

    const file = await printed(registrar, {
      register: 'IEN',
      from: '2026-03-01',
      to: '2026-03-31',
      caseFile: applications.id,
      format: 'pdf',
      lang: 'en',
    });

    expect(file.headers.get('content-disposition')).toContain('journal-IEN-3-12-2026-03-01-2026-03-31.pdf');
    const pdf = await readPdf(Buffer.from(await file.arrayBuffer()));
    expect(pdf.text).toMatch(/Case file: 3-12 Iedzīvotāju iesniegumi \(2026\)/);
    expect(pdf.text).toMatch(/L-1(?!\d)/);
    expect(pdf.text).toMatch(/L-4(?!\d)/);
    for (const other of ['L-2', 'L-3', 'L-5', 'L-6']) expect(pdf.text).not.toContain(other);
  });
});
