/**
 * The yearly reset of a register in use, changed on its page: audited, and the count carried over so
 * that no number is given twice; refused, in the page's language, where numbers restarting each year
 * would repeat (a pattern without the year).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SETTINGS, localDate, systemClock } from '../../engine/context.js';
import type { Register } from '../../engine/store/ports.js';
import { type ApiWorld, body, startApiWorld } from '../api/apiWorld.js';
import { csrfOf } from '../pages/pageClient.js';

let world: ApiWorld;
const year = localDate(systemClock.now(), DEFAULT_SETTINGS.timeZone).slice(0, 4);

beforeAll(async () => {
  world = await startApiWorld();
});
afterAll(() => world.close());

type Session = Awaited<ReturnType<ApiWorld['session']>>;

/** Posts the register's form as its page holds it, with `fields` changed. */
async function submit(
  client: Session,
  register: Register,
  fields: Record<string, string | string[]>,
  language: string,
): Promise<Response> {
  const path = `/admin/registers/${register.id}`;
  const page = await client.browser.fetch(path, { headers: { 'accept-language': language } });
  const form = new URLSearchParams({
    _csrf: csrfOf(await page.text()),
    name: register.name,
    numberPattern: register.numberPattern,
    processKey: '',
    answerDeadlineRule: '',
    active: 'true',
  });
  for (const [name, value] of Object.entries(fields)) {
    form.delete(name);
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return client.browser.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language },
    body: form.toString(),
  });
}

/** A register without yearly reset, holding `documents` registered documents. */
async function aRegisterInUse(code: string, numberPattern: string, documents: number): Promise<Register> {
  const admin = await world.as('admin');
  const created = await admin.post('/api/registers', {
    code,
    name: `Reģistrs ${code}`,
    kind: 'incoming',
    numberPattern,
    yearlyReset: false,
  });
  expect(created.status).toBe(201);
  for (let i = 0; i < documents; i++) await registerIn(code);
  return body<Register>(created);
}

async function registerIn(code: string): Promise<string> {
  const registrar = await world.as('registrar');
  const registered = await registrar.post('/api/documents', {
    register: code,
    subject: 'Par ielas apgaismojumu',
    correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
  });
  expect(registered.status).toBe(201);
  return (await body<{ registrationNumber: string }>(registered)).registrationNumber;
}

const ticked = ['false', 'true'];
const unticked = ['false'];

describe('the yearly reset of a register in use', () => {
  it('is switched on its page (en), previewed and audited, and numbering goes on from the count so far, both ways', async () => {
    // given: one sequence over the years, three numbers given
    const register = await aRegisterInUse('GADS', 'G-{yyyy}/{seq}', 3);
    const admin = await world.session('admin');
    const page = await (
      await admin.browser.fetch(`/admin/registers/${register.id}`, { headers: { 'accept-language': 'en' } })
    ).text();
    expect(page).toMatch(
      /type='checkbox'\s+id='yearlyReset'\s+name='yearlyReset'\s+value='true'\s+aria-describedby='yearlyReset-hint'\s*\/>/,
    );
    expect(page).toContain('no number is given twice');

    // when: the preview of yearly numbering, then saving it
    const preview = await submit(admin, register, { yearlyReset: ticked, action: 'preview' }, 'en');
    expect(preview.status).toBe(200);
    const previewed = await preview.text();
    expect(previewed).toContain(`<code>G-${year}/4</code>`);
    expect(previewed).toMatch(
      /name='yearlyReset'\s+value='true'\s+aria-describedby='yearlyReset-hint'\s+checked/,
    );
    expect((await world.store.registers.get(register.id))?.yearlyReset).toBe(false);
    const saved = await submit(admin, register, { yearlyReset: ticked }, 'en');

    // then: yearly numbering, this year going on from 3, and the change in the audit trail
    expect(saved.status).toBe(303);
    expect((await world.store.registers.get(register.id))?.yearlyReset).toBe(true);
    expect(await registerIn('GADS')).toBe(`G-${year}/4`);
    const [updated] = (
      await world.store.audit.list({ objectType: 'register', objectId: register.id })
    ).filter((e) => e.action === 'register.updated');
    expect(updated?.details).toMatchObject({
      changes: { yearlyReset: true },
      before: { yearlyReset: false },
      counter: { year: Number(year), continuesFrom: 3 },
    });

    // and back to one sequence: it goes on above every year's count
    expect((await submit(admin, register, { yearlyReset: unticked }, 'en')).status).toBe(303);
    expect((await world.store.registers.get(register.id))?.yearlyReset).toBe(false);
    expect(await registerIn('GADS')).toBe(`G-${year}/5`);
    // A form without the field (an older page) leaves the numbering as it is.
    expect((await submit(admin, register, { name: 'Pārdēvēts' }, 'en')).status).toBe(303);
    expect((await world.store.registers.get(register.id))?.yearlyReset).toBe(false);
  });

  it.each([
    ['lv', 'numerācijai, kas katru gadu sākas no 1, paraugā vajag gadu: {yyyy} vai {yy}'],
    ['en', 'numbers that restart each year need the year in the pattern: {yyyy} or {yy}'],
  ])(
    'is refused (%s) where numbers restarting each year would repeat: a pattern without the year',
    async (lang, message) => {
      const register = await aRegisterInUse(`BEZGADA${lang.toUpperCase()}`, 'B-{seq}', 1);
      const admin = await world.session('admin');

      const refused = await submit(admin, register, { yearlyReset: ticked }, lang);

      expect(refused.status).toBe(400);
      const page = await refused.text();
      expect(page).toContain(`<p class='field-error' id='yearlyReset-error'>${message}</p>`);
      expect(page).toMatch(/aria-invalid='true' aria-describedby='yearlyReset-hint yearlyReset-error'/);
      expect((await world.store.registers.get(register.id))?.yearlyReset).toBe(false);
      expect(await registerIn(register.code)).toBe('B-2');
    },
  );

  it('is changed over the API too', async () => {
    const register = await aRegisterInUse('APIGADS', 'A-{yy}-{seq}', 2);
    const admin = await world.as('admin');

    const changed = await admin.post(`/api/registers/${register.id}`, { yearlyReset: true });

    expect(changed.status).toBe(200);
    expect(await body<Register>(changed)).toMatchObject({ yearlyReset: true });
    expect(await registerIn('APIGADS')).toBe(`A-${year.slice(2)}-3`);
  });
});
