/**
 * Everything about who is asking, assembled for the express app: security headers, database-backed
 * sessions, the CSRF guard, and the login routes (API and page).
 */
import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response, Router } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { AuthenticateDeps } from '../../engine/auth/authenticate.js';
import { type Directory, ldapDirectory } from '../../engine/auth/ldapDirectory.js';
import type { HttpConfig, LdapConfig, LoginConfig, OidcConfig } from '../../engine/config.js';
import { type Clock, systemClock } from '../../engine/context.js';
import type { Logger } from '../../engine/logger.js';
import type { Store } from '../../engine/store/ports.js';
import { authApiRoutes } from './authApiRoutes.js';
import { csrfGuard } from './csrf.js';
import { guestSignInRoutes } from './guestSignIn.js';
import type { SignIn } from './login.js';
import { formRefused, loginPageRoutes, renderLoginError } from './loginPageRoutes.js';
import { oidcSignIn } from './oidcSignIn.js';
import { usePasswordStrategy } from './passwordStrategy.js';
import './sessionData.js';
import { secondFactorRoutes } from './secondFactorRoutes.js';
import { DatabaseSessionStore } from './sessionStore.js';
import { signInFramework } from './signInWays.js';

export interface WebAuthOptions {
  sessionSecret: string;
  ldap: LdapConfig | null;
  /** Sign-in with OpenID Connect providers, a button each; unset or empty when none is configured. */
  oidcProviders?: OidcConfig[];
  login: LoginConfig;
  http: HttpConfig;
  clock?: Clock;
  /** Replaces the directory made from `ldap` (tests point it elsewhere). */
  directory?: Directory;
}

export const SESSION_COOKIE = 'kanceleja.sid';
/** A session ends after this long without a request (each request extends it), or at logout. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

/** For an app built without configuration (tests of other routes): no directory, a throw-away secret. */
export const defaultWebAuthOptions = (): WebAuthOptions => ({
  sessionSecret: randomBytes(32).toString('hex'),
  ldap: null,
  login: { maxAttempts: 5, maxAttemptsPerIp: 50, lockoutMinutes: 15 },
  http: { trustProxy: false, cookieSecure: 'auto' },
});

export interface Authentication {
  trustProxy: HttpConfig['trustProxy'];
  /** Security headers; mount first. */
  headers: RequestHandler;
  /** The session; mount before the page upload parser (a refused upload renders as a page). */
  session: RequestHandler;
  /** passport's request helpers; mount after the session and the body parsers. */
  passport: RequestHandler;
  /** The CSRF guard; mount after every body parser, page uploads included (they carry `_csrf`). */
  csrf: RequestHandler;
  routes: Router[];
}

export function authentication(store: Store, logger: Logger, options: WebAuthOptions): Authentication {
  const clock = options.clock ?? systemClock;
  const directory = options.directory ?? (options.ldap ? ldapDirectory(options.ldap) : null);
  const deps: AuthenticateDeps = {
    store,
    clock,
    logger,
    limits: options.login,
    directory: directory && options.ldap ? { client: directory, mapping: options.ldap } : null,
  };
  const framework = signInFramework();
  usePasswordStrategy(framework, deps);
  const signIn: SignIn = { deps, framework, ways: [] };
  const oidcProviders = options.oidcProviders ?? [];
  const oidc = oidcProviders.map((provider) =>
    oidcSignIn(signIn, provider, (req, res, message) => renderLoginError(req, res, message, signIn.ways)),
  );
  signIn.ways.push(...oidc.map((provider) => provider.way));
  const cookie = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.http.cookieSecure,
    path: '/',
  };
  const sessions = session({
    name: SESSION_COOKIE,
    secret: options.sessionSecret,
    store: new DatabaseSessionStore(store.sessions, SESSION_IDLE_MS, clock),
    resave: false,
    // No row for visitors who never log in or open a form.
    saveUninitialized: false,
    rolling: true,
    cookie: { ...cookie, maxAge: SESSION_IDLE_MS },
  });
  const clearCookie = (res: Response) =>
    res.clearCookie(SESSION_COOKIE, { ...cookie, secure: cookie.secure === true });
  return {
    trustProxy: options.http.trustProxy,
    // Without `upgrade-insecure-requests`: a server reached over plain http (the embedded default,
    // an intranet host) would otherwise have its own stylesheets and downloads upgraded to https.
    // The logout form may end at the OpenID provider's logout page (a redirect the browser checks
    // against `form-action`).
    headers: helmet({
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: null,
          ...(oidcProviders.length > 0
            ? {
                formAction: [
                  "'self'",
                  ...new Set(oidcProviders.map((provider) => new URL(provider.issuer).origin)),
                ],
              }
            : {}),
        },
      },
    }),
    session: sessions,
    passport: framework.initialize(),
    csrf: csrfGuard({ onFormRefused: formRefused }),
    routes: [
      authApiRoutes(signIn, clearCookie),
      loginPageRoutes(signIn, clearCookie),
      secondFactorRoutes(signIn),
      // A guest from another institution, by the one-time link of their invitation (issue 18).
      guestSignInRoutes(signIn),
      ...oidc.map((provider) => provider.router),
    ],
  };
}
