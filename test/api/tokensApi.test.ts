import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aUser, uniqueCode } from '../support/builders.js';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface CreatedToken {
  token: string;
  apiToken: { id: string; name: string; userId: string; revokedAt: string | null };
}

describe('API tokens', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(() => world.close());

  const bearer = (token: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token}`);
    return { ...init, headers };
  };

  async function createToken(name: string, username: string): Promise<CreatedToken> {
    const admin = await world.session('admin');
    const response = await admin.post('/api/tokens', { name, username });
    expect(response.status).toBe(201);
    return body<CreatedToken>(response);
  }

  it('lets an administrator make a token that acts as a user, without a CSRF token', async () => {
    // given
    const { token, apiToken } = await createToken('e-adrese import', 'registrar');

    // when
    const registers = await fetch(`${world.base}/api/registers`, bearer(token));
    const registered = await fetch(
      `${world.base}/api/documents`,
      bearer(token, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ register: 'NOS', subject: 'No integrācijas' }),
      }),
    );

    // then
    expect(token).toMatch(/^kcj_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: 'e-adrese import',
      userId: world.users.registrar.id,
      revokedAt: null,
    });
    expect(registers.status).toBe(200);
    expect(registered.status).toBe(201);
    const events = await world.store.audit.list({ objectType: 'api_token', objectId: apiToken.id });
    expect(events.map((event) => event.action)).toEqual(['api_token.created']);
    expect(events[0]?.details).toEqual({ name: 'e-adrese import', actsAs: 'registrar' });
  });

  it('keeps only the SHA-256 of a token, and never lists the token', async () => {
    // given
    const { token, apiToken } = await createToken('hash check', 'head');

    // when
    const rows = await world.db.query<{ token_hash: string }>('SELECT * FROM api_tokens WHERE id = $1', [
      apiToken.id,
    ]);
    const listed = await (await world.as('admin')).get('/api/tokens');

    // then
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    const text = await listed.text();
    expect(listed.status).toBe(200);
    expect(text).toContain(apiToken.id);
    expect(text).not.toContain(token);
    expect(text).not.toContain(rows[0]?.token_hash ?? 'no hash');
  });

  it('answers 401 once a token is revoked, and 409 for revoking it again', async () => {
    // given
    const { token, apiToken } = await createToken('to revoke', 'executor');
    expect((await fetch(`${world.base}/api/tasks`, bearer(token))).status).toBe(200);
    const admin = await world.as('admin');

    // when
    const revoked = await admin.delete(`/api/tokens/${apiToken.id}`);
    const afterwards = await fetch(`${world.base}/api/tasks`, bearer(token));
    const again = await admin.delete(`/api/tokens/${apiToken.id}`);

    // then
    expect(revoked.status).toBe(200);
    expect(await body(revoked)).toMatchObject({ id: apiToken.id, revokedAt: expect.any(String) });
    expect(afterwards.status).toBe(401);
    expect(afterwards.headers.get('www-authenticate')).toBe('Bearer');
    // A request that names no language gets the API's English (README; issue 12 §4).
    expect(await body(afterwards)).toEqual({
      error: 'unauthorized',
      message: 'The API token is unknown or revoked.',
    });
    expect(again.status).toBe(409);
    const events = await world.store.audit.list({ objectType: 'api_token', objectId: apiToken.id });
    expect(events.map((event) => event.action)).toEqual(['api_token.created', 'api_token.revoked']);
  });

  it('answers 401 for an unknown, malformed or empty token, in the language asked for', async () => {
    const unknown = await fetch(
      `${world.base}/api/registers`,
      bearer('kcj_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { headers: { 'accept-language': 'en' } }),
    );
    const basic = await fetch(`${world.base}/api/registers`, { headers: { authorization: 'Basic YTpi' } });
    const empty = await fetch(`${world.base}/api/registers`, { headers: { authorization: 'Bearer ' } });

    expect(unknown.status).toBe(401);
    expect(await body(unknown)).toEqual({
      error: 'unauthorized',
      message: 'The API token is unknown or revoked.',
    });
    expect(basic.status).toBe(401);
    expect(empty.status).toBe(401);
  });

  it('stops a token working when its user is deactivated', async () => {
    // given
    const { token } = await createToken('deactivated user', 'auditor');
    expect((await fetch(`${world.base}/api/registers`, bearer(token))).status).toBe(200);

    // when
    await world.store.users.setActive(world.users.auditor.id, false);

    // then
    expect((await fetch(`${world.base}/api/registers`, bearer(token))).status).toBe(401);
  });

  it('revokes the tokens of a deactivated user for good: reactivation does not bring them back', async () => {
    // given
    const admin = await world.as('admin');
    const { token } = await createToken('integration of a leaver', 'outsider');
    expect((await fetch(`${world.base}/api/registers`, bearer(token))).status).toBe(200);

    // when
    const profile = {
      displayName: 'outsider',
      roles: ['executor'],
      departmentId: world.users.outsider.departmentId,
    };
    const deactivated = await admin.post(`/api/users/${world.users.outsider.id}`, {
      ...profile,
      active: false,
    });
    const reactivated = await admin.post(`/api/users/${world.users.outsider.id}`, {
      ...profile,
      active: true,
    });

    // then
    expect(deactivated.status).toBe(200);
    expect(reactivated.status).toBe(200);
    expect((await fetch(`${world.base}/api/registers`, bearer(token))).status).toBe(401);
    const mine = (await world.store.apiTokens.list()).filter((t) => t.userId === world.users.outsider.id);
    expect(mine.map((t) => t.revokedBy)).toEqual([world.users.admin.id]);
    const revokedEvents = (await world.store.audit.list({ objectType: 'api_token' })).filter(
      (e) => e.action === 'api_token.revoked' && e.details.username === 'outsider',
    );
    expect(revokedEvents).toHaveLength(1);
    expect(revokedEvents[0]?.details).toMatchObject({ reason: 'user deactivated' });
  });

  it('answers GET /api/me with the user of a token, as for a session, until it stops working', async () => {
    // given: a token of the head, one of a colleague who leaves, and one that is revoked
    const { token } = await createToken('who am I', 'head');
    const leaver = await aUser(world.store, { username: uniqueCode('leaver'), roles: ['executor'] });
    const ofLeaver = await createToken('of a leaver', leaver.username);
    const revoked = await createToken('revoked', 'executor');
    const admin = await world.as('admin');
    expect((await admin.delete(`/api/tokens/${revoked.apiToken.id}`)).status).toBe(200);
    const session = await world.session('head');

    // when
    const byToken = await fetch(`${world.base}/api/me`, bearer(token));
    const bySession = await session.get('/api/me');
    const ofLeaverBefore = await fetch(`${world.base}/api/me`, bearer(ofLeaver.token));
    await world.store.users.setActive(leaver.id, false);
    const ofLeaverAfter = await fetch(`${world.base}/api/me`, bearer(ofLeaver.token));
    const byRevoked = await fetch(`${world.base}/api/me`, bearer(revoked.token));

    // then: the same user as the session's; no CSRF token and no session for a token
    expect(byToken.status).toBe(200);
    const me = await body<{ user: { id: string }; csrfToken: string }>(byToken);
    const sessionMe = await body<{ user: { id: string }; csrfToken: string }>(bySession);
    expect(me.user).toEqual(sessionMe.user);
    expect(me.user.id).toBe(world.users.head.id);
    expect(me.csrfToken).toBe('');
    expect(sessionMe.csrfToken).not.toBe('');
    expect(byToken.headers.getSetCookie()).toEqual([]);
    expect(ofLeaverBefore.status).toBe(200);
    for (const refused of [ofLeaverAfter, byRevoked]) {
      expect(refused.status).toBe(401);
      expect(await body(refused)).toEqual({
        error: 'unauthorized',
        message: 'The API token is unknown or revoked.',
      });
    }
  });

  it('lets only administrators manage tokens, and checks what they send', async () => {
    // given
    const registrar = await world.as('registrar');
    const admin = await world.as('admin');

    // when
    const create = await registrar.post('/api/tokens', { name: 'mine', username: 'registrar' });
    const list = await registrar.get('/api/tokens');
    const noUser = await admin.post('/api/tokens', { name: 'x', username: 'nobody' });
    const noName = await admin.post('/api/tokens', { username: 'registrar' });
    const unknown = await admin.delete('/api/tokens/00000000-0000-4000-8000-000000000000');

    // then
    expect(create.status).toBe(403);
    expect(list.status).toBe(403);
    expect(noUser.status).toBe(400);
    expect(await body(noUser)).toMatchObject({
      problems: [{ field: 'username', message: 'no such active user: nobody' }],
    });
    expect(noName.status).toBe(400);
    expect(unknown.status).toBe(404);
  });
});

describe('sessions on the JSON API', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(() => world.close());

  it('refuses a change made with the session cookie but without X-CSRF-Token, and accepts it with', async () => {
    // given
    const withoutCsrf = await world.session('registrar', { csrf: false });
    const withCsrf = await world.session('registrar');
    const letter = { register: 'NOS', subject: 'Ar sesiju' };

    // when
    const refused = await withoutCsrf.post('/api/documents', letter);
    const accepted = await withCsrf.post('/api/documents', letter);
    const read = await withoutCsrf.get('/api/registers');

    // then
    expect(refused.status).toBe(403);
    expect(await body(refused)).toMatchObject({ error: 'csrf' });
    expect(accepted.status).toBe(201);
    expect(read.status).toBe(200);
  });

  it('answers 401 without a session or token, before reading the input', async () => {
    const response = await fetch(`${world.base}/api/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ subject: 7 }),
    });

    expect(response.status).toBe(401);
    expect(await body(response)).toEqual({ error: 'unauthorized', message: 'Log in first.' });
  });
});
