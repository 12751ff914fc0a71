/**
 * `/admin/mailboxes` over HTTP: an administrator adds an intake mailbox and stops reading it; the
 * password is stored but never in any page, not even the form shown again after a refusal, whose
 * problems are in the page's language; others may not open the page.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { csrfOf } from '../pages/pageClient.js';

const SECRET = 'Ļoti-slepena-parole-42';

describe('the intake mailboxes page', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('adds a mailbox, never shows its password, and stops reading it', async () => {
    // given
    const admin = await world.session('admin');
    const send = async (action: string, fields: Record<string, string>, language = 'en') => {
      const page = await admin.browser.fetch('/admin/mailboxes');
      const form = new URLSearchParams({ _csrf: csrfOf(await page.text()), ...fields });
      return admin.browser.fetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language },
        body: form.toString(),
      });
    };
    const fields = {
      address: 'registry@novads.test',
      host: 'mail.novads.test',
      port: '',
      security: 'imaps',
      user: 'registry',
      password: SECRET,
      folder: '',
      moveTo: 'Kanceleja',
    };

    // when
    const refused = await send('/admin/mailboxes', { ...fields, host: 'nav derīgs!' }, 'lv');
    const added = await send('/admin/mailboxes', fields);
    const listed = await (await admin.browser.fetch('/admin/mailboxes')).text();
    const [account] = await world.store.intakeAccounts.list();
    const stopped = await send(`/admin/mailboxes/${account?.id}/disable`, {});
    const executor = await world.session('executor');

    // then
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('nav servera nosaukums');
    expect(refusedPage).not.toContain(SECRET);
    expect(added.status).toBe(303);
    expect(listed).toContain('registry@novads.test');
    expect(listed).toContain('imaps://mail.novads.test:993');
    expect(listed).not.toContain(SECRET);
    expect(account).toMatchObject({ folder: 'INBOX', moveTo: 'Kanceleja', port: 993, secure: true });
    expect(stopped.status).toBe(303);
    expect((await world.store.intakeAccounts.list())[0]?.active).toBe(false);
    expect((await world.store.intakeAccounts.activeWithPasswords()).length).toBe(0);
    expect((await executor.browser.fetch('/admin/mailboxes')).status).toBe(403);
  });
});
