/**
 * Text no database can keep as sent (a NUL, a lone surrogate, a bad percent-escape) is refused at
 * the edge for pages too: a person gets a 400 page in their language, never a 500 and never the
 * API's JSON, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, startApiWorld } from '../api/apiWorld.js';
import { type BrowserClient, form } from '../support/browserClient.js';
import { csrfOf } from './pageClient.js';

describe('bad text in a page request', () => {
  let world: ApiWorld;
  let browser: BrowserClient;

  beforeAll(async () => {
    world = await startApiWorld();
    ({ browser } = await world.session('registrar'));
  });
  afterAll(async () => {
    await world.close();
  });

  it.each([
    ['a NUL in a search', '/documents?q=a%00b'],
    ['a NUL in a path', '/documents/%00'],
    ['a bad escape in a path', '/documents/%E0%A4%A'],
  ])('answers %s with a 400 page', async (_case, path) => {
    // when
    const response = await browser.fetch(path);

    // then
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('<!doctype html>');
  });

  it('refuses a form with a NUL in the subject and registers nothing', async () => {
    // given
    const before = await world.store.counters.current(world.incoming.id, new Date().getFullYear());
    const page = await (await browser.fetch('/documents/new')).text();

    // when
    const response = await browser.fetch(
      '/documents/new',
      form({
        _csrf: csrfOf(page),
        registerId: world.incoming.id,
        subject: 'Iesniegums\u0000',
        channel: 'post',
        confidentiality: 'internal',
        action: 'register',
      }),
    );

    // then
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await world.store.counters.current(world.incoming.id, new Date().getFullYear())).toBe(before);
  });
});
