/**
 * A Latvian registrar whose registration form is refused reads the problems next to the fields in
 * Latvian, values kept (the registration date), not in the use case's English; a refusal of the
 * whole request, too.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, daysFromToday, startApiWorld } from '../api/apiWorld.js';
import type { BrowserClient } from '../support/browserClient.js';
import { form } from '../support/browserClient.js';
import { csrfOf } from './pageClient.js';

describe('the problems of a refused form in the user’s language', () => {
  let world: ApiWorld;
  let browser: BrowserClient;

  beforeAll(async () => {
    world = await startApiWorld();
    ({ browser } = await world.session('registrar'));
    const home = await (await browser.fetch('/')).text();
    const switched = await browser.fetch('/language/lv', form({ _csrf: csrfOf(home), back: '/' }));
    expect(switched.status).toBe(303);
  });
  afterAll(async () => {
    await world.close();
  });

  /** Posts the new-document form as the registrar's browser would, with the page's CSRF token. */
  async function register(fields: Record<string, string>): Promise<{ status: number; html: string }> {
    const page = await (await browser.fetch('/documents/new')).text();
    const response = await browser.fetch(
      '/documents/new',
      form({
        _csrf: csrfOf(page),
        registerId: world.incoming.id,
        correspondentName: 'Jānis Bērziņš',
        correspondentKind: 'person',
        channel: 'post',
        confidentiality: 'internal',
        action: 'register',
        ...fields,
      }),
    );
    return { status: response.status, html: await response.text() };
  }

  it('shows the shape problems in Latvian', async () => {
    // when
    const { status, html } = await register({ subject: ' ', pages: '-2' });

    // then
    expect(status).toBe(400);
    expect(html).toContain("<p class='field-error' id='subject-error'>Obligāts lauks.</p>");
    expect(html).toContain(
      "<p class='field-error' id='pages-error'>jābūt veselam skaitlim, 0 vai lielākam</p>",
    );
    expect(html).not.toContain('must be a whole number');
  });

  it('shows a problem with a value inside in Latvian, the value kept', async () => {
    // when
    const { status, html } = await register({ subject: 'Par ielas apgaismojumu', dueDate: '2000-01-03' });

    // then
    expect(status).toBe(400);
    expect(html).toMatch(
      /<p class='field-error' id='dueDate-error'>ir agrāks par reģistrācijas datumu \d{4}-\d{2}-\d{2}<\/p>/,
    );
    expect(html).not.toContain('is before the registration date');
  });

  it('shows a refusal of the whole request in Latvian', async () => {
    // given: a registered letter that is not an application being executed
    const api = await world.as('registrar');
    const registered = await api.post('/api/documents', {
      register: 'IEN',
      subject: 'Par ielas apgaismojumu',
      correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
    });
    const { id } = (await registered.json()) as { id: string };
    const page = await (await browser.fetch(`/documents/${id}/deadline`)).text();

    // when
    const response = await browser.fetch(
      `/documents/${id}/deadline`,
      form({ _csrf: csrfOf(page), newDueDate: daysFromToday(30), reason: 'Jāpieprasa atzinums' }),
    );

    // then
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('Termiņu var pagarināt tikai iesnieguma izpildes laikā.');
  });
});
