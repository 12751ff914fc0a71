/**
 * The pages' language switch: a visitor's is a link that sets a cookie; a logged-in person's is a
 * CSRF-checked form, and their choice is kept with them (their mails use it) and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { browserClient, form } from '../support/browserClient.js';

describe('the language switch', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  const languageOf = async (id: string) => (await world.store.users.get(id))?.language;
  const languageCookies = (response: Response) =>
    response.headers.getSetCookie().filter((line) => line.startsWith('lang='));

  /** The switch as the page draws it for a logged-in person: a form with the session's token. */
  async function switchTo(person: 'executor' | 'head', lang: string, back: string, csrf = true) {
    const { browser } = await world.session(person);
    const page = await (await browser.fetch('/')).text();
    const token = /name='_csrf' value='([^']+)'/.exec(page)?.[1] ?? '';
    expect(page).toContain(`action='/language/${lang === 'de' ? 'en' : lang}'`);
    return {
      browser,
      response: await browser.fetch(`/language/${lang}`, form({ ...(csrf ? { _csrf: token } : {}), back })),
      token,
    };
  }

  it('stores the language a logged-in person switches to, and a later change of mind, in the audit trail', async () => {
    // given
    expect(await languageOf(world.users.executor.id)).toBeNull();

    // when
    const { browser, response: toEnglish, token } = await switchTo('executor', 'en', '/documents');
    const afterEnglish = await languageOf(world.users.executor.id);
    const toRussian = await browser.fetch('/language/ru', form({ _csrf: token, back: '/' }));

    // then
    expect(toEnglish.status).toBe(303);
    expect(toEnglish.headers.get('location')).toBe('/documents');
    expect(languageCookies(toEnglish)).toEqual([expect.stringMatching(/^lang=en;/)]);
    expect(afterEnglish).toBe('en');
    expect(toRussian.status).toBe(303);
    expect(await languageOf(world.users.executor.id)).toBe('ru');
    expect(await languageOf(world.users.head.id)).toBeNull();
    const audit = await world.store.audit.list({ objectId: world.users.executor.id });
    expect(
      audit.filter((event) => event.action === 'user.language_chosen').map((event) => event.details),
    ).toEqual([
      { from: null, to: 'en' },
      { from: 'en', to: 'ru' },
    ]);
  });

  it('refuses a switch without the form token, and a link changes only the cookie', async () => {
    // when
    const { browser, response } = await switchTo('head', 'en', '/', false);
    const byLink = await browser.fetch('/language/ru?back=%2F');

    // then
    expect(response.status).toBe(403);
    expect(byLink.status).toBe(303);
    expect(languageCookies(byLink)).toEqual([expect.stringMatching(/^lang=ru;/)]);
    expect(await languageOf(world.users.head.id)).toBeNull();
  });

  it('keeps the choice of a visitor without a session in the browser only', async () => {
    // given
    const visitor = browserClient(world.base);
    const languages = async () => (await world.store.users.list()).map((user) => user.language);
    const before = await languages();

    // when
    const response = await visitor.fetch('/language/en?back=%2Flogin');

    // then
    expect(response.status).toBe(303);
    expect(languageCookies(response)).toEqual([expect.stringMatching(/^lang=en;/)]);
    expect(await languages()).toEqual(before);
  });

  it('stores nothing for a language the switch does not offer', async () => {
    const { response } = await switchTo('head', 'de', '/');

    expect(response.status).toBe(303);
    expect(languageCookies(response)).toEqual([]);
    expect(await languageOf(world.users.head.id)).toBeNull();
  });
});
