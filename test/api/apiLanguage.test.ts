/**
 * The README's promise: the JSON API answers in English unless the request names a language (a
 * `lang` cookie or Accept-Language); `*`, as Node's fetch sends it, names none. Pages keep Latvian.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface ErrorAnswer {
  error: string;
  message: string;
}

describe('the language of API answers', () => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(() => world.close());

  /** 401, 403 (CSRF), 400 and a refused login, with the given Accept-Language (or none). */
  async function messages(acceptLanguage?: string): Promise<string[]> {
    const headers: Record<string, string> = acceptLanguage ? { 'accept-language': acceptLanguage } : {};
    const session = await world.session('registrar', { csrf: false });
    const answers = [
      await fetch(`${world.base}/api/documents`, { headers }),
      await session.fetch('/api/documents', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      }),
      await (await world.as('registrar')).fetch('/api/documents?page=x', { headers }),
      await fetch(`${world.base}/api/auth/login`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'nobody', password: 'wrong' }),
      }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 403, 400, 401]);
    return Promise.all(answers.map(async (answer) => (await body<ErrorAnswer>(answer)).message));
  }

  const ENGLISH = [
    'Log in first.',
    'The request has no valid CSRF token (send it as X-CSRF-Token).',
    'The request is not valid; see problems.',
    'Wrong username or password.',
  ];

  it('is English without Accept-Language, and with *', async () => {
    // Node's fetch sends `Accept-Language: *` unless told otherwise.
    expect(await messages()).toEqual(ENGLISH);
    expect(await messages('*')).toEqual(ENGLISH);
  });

  it('is the language the request names', async () => {
    const latvian = await messages('lv');
    expect(latvian).not.toEqual(ENGLISH);
    expect(latvian[0]).toBe('Vispirms piesakieties.');
  });

  it('leaves the pages in Latvian by default', async () => {
    const page = await fetch(`${world.base}/login`, { headers: { 'accept-language': '*' } });
    expect(await page.text()).toContain("<html lang='lv'>");
  });
});
