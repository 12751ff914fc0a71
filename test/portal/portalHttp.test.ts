/**
 * The citizen e-services portal over HTTP (issue 17, part 1), on every store: a citizen applies with
 * a file and gets a number and a tracking link at once (registered, process started, mail queued);
 * refused inputs, a program, the honeypot and a missing form token register nothing and take no
 * number; the tracking page shows only its own application, and a revoked token is 404; limits per
 * e-mail and per address answer 429; no staff session cookie is ever set and the CSP is strict.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../engine/config.js';
import { actorFromUser, systemClock } from '../../engine/context.js';
import { saveEService } from '../../engine/portal/eServices.js';
import type { Register } from '../../engine/store/ports.js';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { csrfOf } from '../pages/pageClient.js';
import { form } from '../support/browserClient.js';
import { samplePdf } from '../support/samplePdf.js';
import { storeAdapters } from '../support/storeAdapters.js';

const FORM = {
  components: [
    { type: 'textfield', key: 'topic', label: 'Topic', validate: { required: true, maxLength: 100 } },
    {
      type: 'radio',
      key: 'answerBy',
      label: 'Answer by',
      values: [
        { label: 'E-mail', value: 'email' },
        { label: 'Post', value: 'post' },
      ],
      validate: { required: true },
    },
  ],
};

for (const adapter of storeAdapters) {
  const describeIf = adapter.skipReason ? describe.skip : describe;
  describeIf(`the e-services portal on ${adapter.name}`, () => {
    let world: ApiWorld;
    let register: Register;
    let cookie = '';
    let formToken = '';

    beforeAll(async () => {
      // Low limits, read as the server reads them (engine/config.ts).
      const { portal } = loadConfig(
        { PORTAL_LIMIT_PER_ADDRESS_HOUR: '12', PORTAL_LIMIT_PER_EMAIL_DAY: '3' },
        '/',
      );
      world = await startApiWorld({ adapter, portal });
      register = await world.store.registers.insert({
        code: 'IES',
        name: 'Iesniegumi',
        kind: 'application',
        numberPattern: 'IES-{yyyy}/{seq:4}',
        processKey: 'citizen-application',
        answerDeadlineRule: 'P1M',
      });
      const admin = { store: world.store, clock: systemClock, actor: actorFromUser(world.users.admin) };
      await saveEService(admin, {
        code: 'iesniegums',
        names: { lv: 'Iesniegums', en: 'Application', ru: 'Заявление' },
        descriptions: { lv: 'Apraksts', en: 'Description', ru: 'Описание' },
        registerId: register.id,
        formSchema: JSON.stringify(FORM),
        attachmentsAllowed: true,
        enabled: true,
      });
      await saveEService(admin, {
        code: 'izslegts',
        names: { lv: 'Izslēgts', en: 'Switched off', ru: 'Выключено' },
        descriptions: {},
        registerId: register.id,
        formSchema: '',
        attachmentsAllowed: false,
        enabled: false,
      });
    }, 120_000);
    afterAll(async () => {
      await world?.close();
    });

    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${world.base}${path}`, {
        headers: { 'accept-language': 'en', cookie, ...headers },
        redirect: 'manual',
      });

    async function openForm(): Promise<void> {
      const page = await get('/e-services/iesniegums');
      expect(page.status).toBe(200);
      const set = page.headers.get('set-cookie') ?? '';
      const value = /kanceleja\.portal=([^;]+)/.exec(set)?.[1];
      if (value) cookie = `kanceleja.portal=${value}`;
      const html = await page.text();
      formToken = /name='_portal' value='([^']+)'/.exec(html)?.[1] ?? '';
      expect(formToken).not.toBe('');
    }

    function application(values: Record<string, string>, files: { name: string; bytes: Uint8Array }[] = []) {
      const data = new FormData();
      const all = {
        _portal: formToken,
        name: 'Ilze Kalēja',
        email: 'ilze@example.lv',
        emailAgain: 'ilze@example.lv',
        personalCode: '010190-12345',
        phone: '+371 20000000',
        f_topic: 'Par koku izciršanu',
        f_answerBy: 'email',
        website: '',
        ...values,
      };
      for (const [name, value] of Object.entries(all)) data.set(name, value);
      for (const file of files) data.append('attachments', new Blob([file.bytes]), file.name);
      return data;
    }

    const post = (data: FormData, path = '/e-services/iesniegums') =>
      fetch(`${world.base}${path}`, {
        method: 'POST',
        body: data,
        headers: { 'accept-language': 'en', cookie },
        redirect: 'manual',
      });

    const VIEWER = () => ({ userId: world.users.admin.id, departmentId: null, seesAllUnrestricted: true });
    const numbers = async () =>
      (
        await world.store.documents.search({ registerId: register.id, limit: 50, offset: 0 }, VIEWER())
      ).items.map((document) => document.registrationNumber);

    it('lists the enabled services only, with a strict CSP and no staff session cookie', async () => {
      const list = await get('/e-services');
      expect(list.status).toBe(200);
      const html = await list.text();
      expect(html).toContain("href='/e-services/iesniegums'");
      expect(html).not.toContain('izslegts');
      expect(list.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(list.headers.get('set-cookie') ?? '').not.toContain('kanceleja.sid');
      expect((await get('/e-services/izslegts')).status).toBe(404);
    });

    it('registers an application with a file at once and gives the number and the tracking link', async () => {
      await openForm();
      const pdf = await samplePdf(['Koku plāns']);
      const answer = await post(application({}, [{ name: 'plans.pdf', bytes: pdf }]));
      const html = await answer.text();
      expect(answer.status).toBe(201);
      expect(answer.headers.get('set-cookie') ?? '').not.toContain('kanceleja.sid');
      const year = new Date().getFullYear();
      expect(html).toContain(`IES-${year}/0001`);
      expect(html).toContain('010190-*****');
      expect(html).not.toContain('010190-12345');
      const trackPath = /id='tracking-link' href='([^']+)'/.exec(html)?.[1] ?? '';
      expect(trackPath).toMatch(/^\/e-services\/track\/[A-Za-z0-9_-]{43}$/);

      // Registered: the portal channel, the applicant's card, the files, the process, the mail.
      const [number] = await numbers();
      expect(number).toBe(`IES-${year}/0001`);
      const mails = await world.store.mailOutbox.list();
      const mail = mails.find((one) => one.recipient === 'ilze@example.lv');
      expect(mail?.body).toContain(trackPath);
      expect(mail?.subject).toContain(`IES-${year}/0001`);

      const tracking = await get(trackPath);
      expect(tracking.status).toBe(200);
      const trackHtml = await tracking.text();
      expect(trackHtml).toContain(`IES-${year}/0001`);
      expect(trackHtml).toMatch(/id='tracking-status'>(Registered|In progress)</);
      expect(tracking.headers.get('set-cookie') ?? '').not.toContain('kanceleja.sid');

      // Another token, or a malformed one, opens nothing.
      expect((await get('/e-services/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
      expect((await get('/e-services/track/x')).status).toBe(404);

      // Revoked by staff (audited): the link answers 404.
      const documentId = (
        await world.store.documents.search({ registerId: register.id, limit: 5, offset: 0 }, VIEWER())
      ).items[0]?.id;
      // The registrar reads it on the application's card and revokes it there (audited).
      const { browser } = await world.session('registrar');
      const card = await (await browser.fetch(`/documents/${documentId ?? ''}`)).text();
      expect(card).toContain('sekošanas saite nosūtīta uz ilze@example.lv');
      expect(card).toContain(`action='/documents/${documentId ?? ''}/tracking/revoke'`);
      const revoked = await browser.fetch(
        `/documents/${documentId ?? ''}/tracking/revoke`,
        form({ _csrf: csrfOf(card) }),
      );
      expect(revoked.status).toBe(303);
      const after = await (await browser.fetch(`/documents/${documentId ?? ''}`)).text();
      expect(after).not.toContain('/tracking/revoke');
      // An executor who may not see the document cannot revoke anything.
      const executor = await world.session('executor');
      const refused = await executor.browser.fetch(
        `/documents/${documentId ?? ''}/tracking/revoke`,
        form({ _csrf: csrfOf(await (await executor.browser.fetch('/')).text()) }),
      );
      expect([403, 404]).toContain(refused.status);
      expect((await get(trackPath)).status).toBe(404);
      const events = await world.store.audit.list({ objectId: documentId ?? '', limit: 50 });
      expect(JSON.stringify(events)).toContain('document.tracking_revoked');
    });

    it('refuses bad fields in the page language, registering nothing', async () => {
      await openForm();
      const refused = await post(
        application({ emailAgain: 'ilze@example.com', personalCode: '12', f_topic: '', f_answerBy: 'fax' }),
      );
      expect(refused.status).toBe(400);
      const html = await refused.text();
      expect(html).toContain('the two e-mail addresses differ');
      expect(html).toContain('is not a personal code');
      expect(html).toContain("id='f_topic-error'");
      expect(html).toContain('not a choice: fax');
      expect(html).toContain("value='Ilze Kalēja'");

      const lv = await fetch(`${world.base}/e-services/iesniegums`, {
        method: 'POST',
        body: application({ email: 'nav-adrese' }),
        headers: { 'accept-language': 'lv', cookie },
      });
      expect(lv.status).toBe(400);
      expect(await lv.text()).toContain('nav e-pasta adrese');

      const program = await post(
        application({}, [{ name: 'setup.exe', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) }]),
      );
      expect(program.status).toBe(400);
      expect(await program.text()).toContain('setup.exe');

      const robot = await post(application({ website: 'https://spam.example' }));
      expect(robot.status).toBe(400);

      const noToken = await post(application({ _portal: 'wrong' }));
      expect(noToken.status).toBe(403);
      expect(await numbers()).toHaveLength(1);
    });

    it('counts applications per e-mail and submissions per address in the database', async () => {
      // A window long past, left by an earlier day: cleared by the next new window's first count.
      await world.store.portal.countSubmission('address:192.0.2.1', new Date(Date.now() - 5 * 86_400_000));
      await openForm();
      for (let i = 0; i < 3; i += 1) {
        expect(
          (await post(application({ email: 'anna@example.lv', emailAgain: 'anna@example.lv' }))).status,
        ).toBe(201);
      }
      const fourth = await post(application({ email: 'anna@example.lv', emailAgain: 'anna@example.lv' }));
      expect(fourth.status).toBe(429);
      expect(await numbers()).toHaveLength(4);
      let limited = 0;
      for (let i = 0; i < 6 && limited === 0; i += 1) {
        if ((await post(application({ name: '' }))).status === 429) limited += 1;
      }
      expect(limited).toBe(1);
      const windows = await world.db.query<{ key: string }>('SELECT key FROM e_service_rate_limits');
      expect(windows.map((row) => row.key)).not.toContain('address:192.0.2.1');
      // The numbers stayed gapless: refused applications took none.
      const year = new Date().getFullYear();
      expect((await numbers()).sort()).toEqual([1, 2, 3, 4].map((n) => `IES-${year}/000${n}`));
    });
  });
}
