/**
 * A real OpenID Provider for tests: `oidc-provider` (a certified implementation) in-process on a
 * loopback port, with one confidential client, an account store whose claims a test changes between
 * sign-ins, and its development login page (any password; the login names the account's `sub`).
 * `misbehave` makes the token endpoint hand out an ID token with changed claims, signed with the
 * provider's own key: an answer for another client, or one already expired, without waiting.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { BrowserClient } from './browserClient.js';

export interface TestOidcProvider {
  /** The issuer identifier, e.g. `http://127.0.0.1:41234`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Creates or replaces the account `sub` with these claims (name, email, groups, …). */
  setAccount(sub: string, claims: Record<string, unknown>): void;
  removeAccount(sub: string): void;
  /** Rewrites the claims of the next ID tokens the token endpoint issues (null: stop). */
  misbehave(change: ((claims: Record<string, unknown>) => Record<string, unknown>) | null): void;
  /**
   * Drives a browser's way through the provider over HTTP: from our app's redirect (`startUrl`, the
   * provider's authorization URL) through its login page as `sub`, to the redirect back to the app.
   * Returns that callback URL, not yet opened.
   */
  authorize(browser: BrowserClient, startUrl: string, sub: string): Promise<string>;
  stop(): Promise<void>;
}

export interface OidcProviderOptions {
  /** Where the client may be sent back after sign-in and after logout. */
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

const location = (response: Response): string => {
  const to = response.headers.get('location');
  if (!to) throw new Error(`expected a redirect, got ${response.status}: ${response.url}`);
  return to;
};

/** Runs `make` without oidc-provider's start-up notices (in-memory adapter, dev interactions: meant here). */
function quietly<T>(make: () => T): T {
  /* eslint-disable no-console -- the provider writes its notices there; they are silenced, not written */
  const { warn, info } = console;
  const filter =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (!String(args[0]).startsWith('oidc-provider')) write(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return make();
  } finally {
    console.warn = warn;
    console.info = info;
  }
  /* eslint-enable no-console */
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'kanceleja';
  const clientSecret = 'kanceleja-test-secret-0123456789abcdef';

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, Record<string, unknown>>();
  let change: ((claims: Record<string, unknown>) => Record<string, unknown>) | null = null;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['kanceleja-test-cookie-key'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'groups', 'department'],
      email: ['email', 'email_verified'],
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.body = `<!doctype html><title>Sign out</title>${form}<button form="op.logoutForm" name="logout" value="yes">Sign out</button>`;
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = '<!doctype html><title>Signed out</title><p>Signed out.</p>';
        },
      },
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Grant: 600,
      Interaction: 600,
      Session: 600,
    },
    findAccount: (_ctx, sub) => {
      if (!accounts.has(sub)) return undefined;
      return { accountId: sub, claims: () => ({ ...accounts.get(sub), sub }) };
    },
    // A first-party application: no consent screen, every asked scope granted.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const existing = oidc.session?.grantIdFor(oidc.client?.clientId ?? '');
      if (existing) {
        const grant = await oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new oidc.provider.Grant({
        clientId: oidc.client?.clientId,
        accountId: oidc.session?.accountId,
      });
      grant.addOIDCScope(String(oidc.params?.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
  };
  const provider = quietly(() => new Provider(issuer, configuration));
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (change && ctx.path === '/token' && typeof body?.id_token === 'string') {
      const header = decodeProtectedHeader(body.id_token);
      const claims = change({ ...decodeJwt(body.id_token) });
      body.id_token = await new SignJWT(claims)
        .setProtectedHeader({ alg: header.alg ?? 'RS256', kid: header.kid, typ: header.typ })
        .sign(privateKey);
    }
  });
  server.on('request', provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (sub, claims) => accounts.set(sub, claims),
    removeAccount: (sub) => accounts.delete(sub),
    misbehave: (next) => {
      change = next;
    },
    async authorize(browser, startUrl, sub) {
      let url = startUrl;
      // The authorization endpoint sends the browser to the login page, and back after it.
      for (let step = 0; step < 10; step += 1) {
        if (!url.startsWith(issuer)) return url;
        const response = await browser.fetch(url);
        if (response.status === 200) {
          const page = await response.text();
          const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
          if (!action || !page.includes('name="login"')) throw new Error(`not a login page: ${page}`);
          const submitted = await browser.fetch(new URL(action.replace(/&amp;/g, '&'), issuer).href, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ prompt: 'login', login: sub, password: 'any' }).toString(),
          });
          url = new URL(location(submitted), issuer).href;
        } else {
          url = new URL(location(response), issuer).href;
        }
      }
      throw new Error('the provider did not send the browser back');
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
