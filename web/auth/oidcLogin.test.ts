/**
 * Sign-in with an OpenID provider over HTTP, against a real provider (oidc-provider on loopback) and
 * on every store: the authorization code flow with PKCE, state and nonce; claims to user; refusals;
 * a second provider beside the first (a button each, people kept apart by issuer).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { loadConfig } from '../../engine/config.js';
import { createLogger } from '../../engine/logger.js';
import type { AuditEvent } from '../../engine/store/ports.js';
import { type BrowserClient, browserClient, form } from '../../test/support/browserClient.js';
import { startOidcProvider, type TestOidcProvider } from '../../test/support/oidcProvider.js';
import { describeEachStore } from '../../test/support/testStores.js';
import { createApp } from '../app.js';
import { defaultWebAuthOptions } from './authentication.js';

const REGISTRY = '/kanceleja/registry';
const HEADS = '/kanceleja/heads';
const CONSTRUCTION = '/kanceleja/construction';

describeEachStore('OpenID Connect sign-in over HTTP (a real provider on loopback)', (subject) => {
  let provider: TestOidcProvider;
  /** A second provider (`OIDC_PROVIDERS=eid`), e.g. a national eID gateway beside the municipality's. */
  let eid: TestOidcProvider;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    provider = await startOidcProvider({
      redirectUris: [`${base}/auth/oidc/callback`],
      postLogoutRedirectUris: [`${base}/login`],
    });
    eid = await startOidcProvider({
      redirectUris: [`${base}/auth/oidc/eid/callback`],
      postLogoutRedirectUris: [`${base}/login`],
    });
    const config = loadConfig(
      {
        PUBLIC_URL: base,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_LABEL: 'Latvija.lv',
        OIDC_GROUP_ROLES: `registrar:${REGISTRY};head:${HEADS}`,
        OIDC_GROUP_DEPARTMENTS: `BUV:${CONSTRUCTION}`,
        OIDC_PROVIDERS: 'eid',
        OIDC_EID_ISSUER: eid.issuer,
        OIDC_EID_CLIENT_ID: eid.clientId,
        OIDC_EID_CLIENT_SECRET: eid.clientSecret,
        OIDC_EID_LABEL: 'eID',
        OIDC_EID_GROUP_ROLES: `executor:${REGISTRY}`,
      },
      '/',
    );
    await subject.store.departments.insert({ code: 'BUV', name: 'Būvvalde' });
    const auth = { ...defaultWebAuthOptions(), oidcProviders: config.oidcProviders };
    server.on('request', createApp({ store: subject.store, logger: createLogger('silent'), auth }));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await provider.stop();
    await eid.stop();
  });
  beforeEach(() => {
    provider.misbehave(null);
    eid.misbehave(null);
  });

  /** A browser in English (the refusals are asserted in English). */
  async function englishBrowser(): Promise<BrowserClient> {
    const browser = browserClient('');
    await browser.fetch(`${base}/login?lang=en`);
    return browser;
  }

  /** Goes through the provider as `sub`; returns the URL it sends the browser back to. */
  async function throughProvider(browser: BrowserClient, sub: string): Promise<string> {
    const start = await browser.fetch(`${base}/auth/oidc/login`);
    expect(start.status).toBe(302);
    return provider.authorize(browser, start.headers.get('location') ?? '', sub);
  }

  async function signIn(sub: string, browser?: BrowserClient) {
    const client = browser ?? (await englishBrowser());
    const callback = await throughProvider(client, sub);
    const response = await client.fetch(callback);
    return { browser: client, response, callback };
  }

  const me = async (browser: BrowserClient) => {
    const response = await browser.fetch(`${base}/api/me`);
    return response.status === 200
      ? ((await response.json()) as { user: Record<string, unknown> }).user
      : null;
  };

  const lastAudit = async (action: string): Promise<AuditEvent | undefined> =>
    (await subject.store.audit.list({ limit: 100_000 })).filter((event) => event.action === action).at(-1);

  it('shows a button for the provider on the login page', async () => {
    const page = await (await fetch(`${base}/login`)).text();

    expect(page).toContain("<a class='way' href='/auth/oidc/login'>Latvija.lv</a>");
    expect(page).toContain("<a class='way' href='/auth/oidc/eid/login'>eID</a>");
  });

  it("signs in through a second provider, keeping its people apart from the first one's by issuer", async () => {
    provider.setAccount('sub-same', {
      name: 'Marta (novads)',
      preferred_username: 'marta.n',
      groups: [HEADS],
    });
    eid.setAccount('sub-same', { name: 'Marta (eID)', preferred_username: 'marta.e', groups: [REGISTRY] });
    await signIn('sub-same');

    const browser = await englishBrowser();
    const start = await browser.fetch(`${base}/auth/oidc/eid/login`);
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location') ?? '');
    expect(to.origin).toBe(eid.issuer);
    expect(to.searchParams.get('redirect_uri')).toBe(`${base}/auth/oidc/eid/callback`);
    const response = await browser.fetch(await eid.authorize(browser, to.href, 'sub-same'));

    expect(response.status).toBe(303);
    expect(await me(browser)).toMatchObject({
      username: 'marta.e',
      displayName: 'Marta (eID)',
      roles: ['executor'],
    });
    const fromFirst = await subject.store.users.getByExternalIdentity({
      issuer: provider.issuer,
      subject: 'sub-same',
    });
    const fromEid = await subject.store.users.getByExternalIdentity({
      issuer: eid.issuer,
      subject: 'sub-same',
    });
    expect(fromFirst?.username).toBe('marta.n');
    expect(fromEid?.username).toBe('marta.e');
    expect(await lastAudit('auth.login')).toMatchObject({
      actorId: fromEid?.id,
      details: { source: 'oidc', provider: 'eid', issuer: eid.issuer },
    });
  });

  it("refuses one provider's answer brought to the other provider's callback", async () => {
    provider.setAccount('sub-cross', { name: 'Cross', preferred_username: 'cross', groups: [HEADS] });
    const browser = await englishBrowser();
    const callback = await throughProvider(browser, 'sub-cross');

    const crossed = new URL(callback);
    crossed.pathname = '/auth/oidc/eid/callback';
    const response = await browser.fetch(crossed.href);

    expect(response.status).toBe(401);
    expect(await me(browser)).toBeNull();
    expect(await subject.store.users.getByUsername('cross')).toBeNull();
  });

  it('sends the browser to the provider with PKCE, state and nonce', async () => {
    const browser = browserClient('');
    const start = await browser.fetch(`${base}/auth/oidc/login`);

    const to = new URL(start.headers.get('location') ?? '');
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('client_id')).toBe(provider.clientId);
    expect(to.searchParams.get('redirect_uri')).toBe(`${base}/auth/oidc/callback`);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('state')).toMatch(/.{20,}/);
    expect(to.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(to.searchParams.get('scope')).toBe('openid profile email');
  });

  it('creates the user at the first sign-in with mapped roles and department, then signs them in', async () => {
    provider.setAccount('sub-anna', {
      name: 'Anna Bērziņa',
      preferred_username: 'anna.berzina',
      email: 'anna@novads.lv',
      groups: [REGISTRY, CONSTRUCTION, '/somewhere/else'],
    });

    const { browser, response } = await signIn('sub-anna');

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const department = await subject.store.departments.getByCode('BUV');
    expect(await me(browser)).toMatchObject({
      username: 'anna.berzina',
      displayName: 'Anna Bērziņa',
      email: 'anna@novads.lv',
      roles: ['registrar'],
      departmentId: department?.id,
      source: 'oidc',
    });
    const user = await subject.store.users.getByExternalIdentity({
      issuer: provider.issuer,
      subject: 'sub-anna',
    });
    expect(user?.username).toBe('anna.berzina');
    expect(await lastAudit('auth.login')).toMatchObject({
      actorId: user?.id,
      details: { source: 'oidc' },
    });
  });

  it('updates name, e-mail, roles and department at the next sign-in, matched by subject', async () => {
    provider.setAccount('sub-juris', { name: 'Juris', preferred_username: 'juris', groups: [REGISTRY] });
    await signIn('sub-juris');
    const before = await subject.store.users.getByExternalIdentity({
      issuer: provider.issuer,
      subject: 'sub-juris',
    });

    // The provider renames the person (a new username too): still the same subject, the same account.
    provider.setAccount('sub-juris', {
      name: 'Juris Kalniņš',
      preferred_username: 'juris.kalnins',
      email: 'juris@novads.lv',
      groups: [HEADS],
    });
    const { browser, response } = await signIn('sub-juris');

    expect(response.status).toBe(303);
    expect(await me(browser)).toMatchObject({
      id: before?.id,
      username: 'juris',
      displayName: 'Juris Kalniņš',
      email: 'juris@novads.lv',
      roles: ['head'],
      departmentId: null,
    });
  });

  it('refuses and deactivates a person removed from every mapped group, ending their sessions', async () => {
    provider.setAccount('sub-ilze', { name: 'Ilze', preferred_username: 'ilze', groups: [HEADS] });
    const earlier = await signIn('sub-ilze');
    expect(await me(earlier.browser)).toMatchObject({ username: 'ilze' });

    provider.setAccount('sub-ilze', { name: 'Ilze', preferred_username: 'ilze', groups: ['/other'] });
    const { browser, response } = await signIn('sub-ilze');

    expect(response.status).toBe(401);
    expect(await response.text()).toContain('gives no access to Kanceleja');
    expect(await me(browser)).toBeNull();
    expect(await me(earlier.browser)).toBeNull();
    const user = await subject.store.users.getByExternalIdentity({
      issuer: provider.issuer,
      subject: 'sub-ilze',
    });
    expect(user?.active).toBe(false);
    expect(await lastAudit('auth.login_failed')).toMatchObject({
      details: { source: 'oidc', reason: 'in_no_mapped_group', subject: 'ilze' },
    });
  });

  it('refuses a person in no mapped group at the first sign-in, creating nobody', async () => {
    provider.setAccount('sub-outsider', { name: 'Outsider', preferred_username: 'outsider', groups: [] });

    const { browser, response } = await signIn('sub-outsider');

    expect(response.status).toBe(401);
    expect(await me(browser)).toBeNull();
    expect(await subject.store.users.getByUsername('outsider')).toBeNull();
  });

  it('refuses an ID token issued for another client', async () => {
    provider.setAccount('sub-eve', { name: 'Eve', preferred_username: 'eve', groups: [REGISTRY] });
    provider.misbehave((claims) => ({ ...claims, aud: 'another-application' }));

    const { browser, response } = await signIn('sub-eve');

    expect(response.status).toBe(401);
    expect(await response.text()).toContain('was meant for another application');
    expect(await me(browser)).toBeNull();
    expect(await subject.store.users.getByUsername('eve')).toBeNull();
    expect(await lastAudit('auth.login_failed')).toMatchObject({
      details: { source: 'oidc', reason: 'wrong_audience' },
    });
  });

  it('refuses an expired ID token', async () => {
    provider.setAccount('sub-late', { name: 'Late', preferred_username: 'late', groups: [REGISTRY] });
    const now = Math.floor(Date.now() / 1000);
    provider.misbehave((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }));

    const { browser, response } = await signIn('sub-late');

    expect(response.status).toBe(401);
    expect(await response.text()).toContain('answer has expired');
    expect(await me(browser)).toBeNull();
    expect(await lastAudit('auth.login_failed')).toMatchObject({
      details: { source: 'oidc', reason: 'token_expired' },
    });
  });

  it('refuses a replayed callback, in the same browser and in another one', async () => {
    provider.setAccount('sub-rita', { name: 'Rita', preferred_username: 'rita', groups: [REGISTRY] });
    const { browser, callback, response } = await signIn('sub-rita');
    expect(response.status).toBe(303);

    const again = await browser.fetch(callback);
    const attacker = await englishBrowser();
    const elsewhere = await attacker.fetch(callback);

    expect(again.status).toBe(401);
    expect(await again.text()).toContain('expired or was already used');
    expect(elsewhere.status).toBe(401);
    expect(await elsewhere.text()).toContain('expired or was already used');
    expect(await me(attacker)).toBeNull();
    expect(await lastAudit('auth.login_failed')).toMatchObject({
      details: { source: 'oidc', reason: 'state_invalid' },
    });
  });

  it('refuses a callback whose state is missing or different, and one with no answer at all', async () => {
    provider.setAccount('sub-ojars', { name: 'Ojārs', preferred_username: 'ojars', groups: [REGISTRY] });
    const browser = await englishBrowser();
    const callback = new URL(await throughProvider(browser, 'sub-ojars'));
    const withoutState = new URL(callback);
    withoutState.searchParams.delete('state');

    const missing = await browser.fetch(withoutState.href);
    const bare = await browser.fetch(`${base}/auth/oidc/callback`);

    expect(missing.status).toBe(401);
    expect(await missing.text()).toContain('expired or was already used');
    expect(bare.status).toBe(401);
    expect(await me(browser)).toBeNull();

    // A second request, answered with a different state.
    const secondCallback = new URL(await throughProvider(browser, 'sub-ojars'));
    secondCallback.searchParams.set('state', 'forged');
    const forged = await browser.fetch(secondCallback.href);
    expect(forged.status).toBe(401);
    expect(await me(browser)).toBeNull();
    expect(await lastAudit('auth.login_failed')).toMatchObject({
      details: { source: 'oidc', reason: 'state_invalid' },
    });
  });

  it('tells the refusal in the language of the person', async () => {
    const browser = browserClient('');
    await browser.fetch(`${base}/login?lang=lv`);

    const bare = await browser.fetch(`${base}/auth/oidc/callback?code=x&state=y`);

    expect(await bare.text()).toContain('Šīs pieteikšanās saites derīgums ir beidzies');
  });

  it('refuses a new person whose username a local account already has', async () => {
    await subject.store.users.insert({
      username: 'karlis',
      displayName: 'Kārlis (local)',
      roles: ['admin'],
      source: 'local',
    });
    provider.setAccount('sub-karlis', { name: 'Kārlis', preferred_username: 'karlis', groups: [REGISTRY] });

    const { browser, response } = await signIn('sub-karlis');

    expect(response.status).toBe(401);
    expect(await response.text()).toContain('already has your username');
    expect(await me(browser)).toBeNull();
    expect((await subject.store.users.getByUsername('karlis'))?.source).toBe('local');
  });

  it('ends the sign-in at the provider too on logout', async () => {
    provider.setAccount('sub-liga', { name: 'Līga', preferred_username: 'liga', groups: [REGISTRY] });
    const { browser } = await signIn('sub-liga');
    const page = await (await browser.fetch(`${base}/login`)).text();
    const csrf = /name='_csrf' value='([^']+)'/.exec(page)?.[1] ?? '';

    const logout = await browser.fetch(`${base}/logout`, form({ _csrf: csrf }));

    expect(logout.status).toBe(303);
    const to = new URL(logout.headers.get('location') ?? '');
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/login`);
    expect(await me(browser)).toBeNull();
    const ended = await browser.fetch(to.href);
    expect(ended.status).toBe(200);
  });
});
