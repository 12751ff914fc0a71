/**
 * Sign-in with an OpenID Connect provider (Entra ID, Keycloak, an eID gateway): the authorization
 * code flow with PKCE, `state` and `nonce`, through openid-client's passport strategy registered on
 * the app's own passport instance. The strategy keeps the request's verifier, state and nonce in our
 * session and checks the ID token (signature, issuer, audience, expiry, nonce); its verify maps the
 * claims to a local user (`syncExternalUser`: roles and department from the groups claim) and
 * `completeSignIn` starts our own session. People are known by issuer and subject, never by a
 * username the provider could give to someone else.
 *
 * `GET /auth/oidc/login` sends the browser to the provider; `GET /auth/oidc/callback` is where it
 * comes back (register PUBLIC_URL + that path at the provider). A named provider (`OIDC_PROVIDERS`)
 * has its own pair, `/auth/oidc/<name>/login` and `/auth/oidc/<name>/callback`. Every refusal is audited
 * (`auth.login_failed`, source `oidc`, a reason) and shown on the login page in the user's language.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import * as client from 'openid-client';
import { Strategy, type AuthenticateOptions, type VerifyFunctionWithRequest } from 'openid-client/passport';
import { CLAIM_GROUPS } from '../../engine/auth/ldapMapping.js';
import { type DirectoryMapping, syncExternalUser } from '../../engine/auth/syncDirectoryUser.js';
import type { DirectoryPerson } from '../../engine/auth/ldapDirectory.js';
import type { OidcConfig } from '../../engine/config.js';
import { auditSignIn } from '../../engine/auth/signInAudit.js';
import type { JsonValue, User } from '../../engine/store/ports.js';
import type { MessageId } from '../i18n/translate.js';
import { completeSignIn, type SignIn } from './login.js';
import type { SignInWay } from './signInWays.js';
import { runStrategy } from './signInWays.js';

/** The passport strategy's name of a provider: one strategy per provider on the app's instance. */
const strategyName = (config: OidcConfig): string => (config.id === null ? 'oidc' : `oidc-${config.id}`);
/**
 * Where the strategy keeps the code verifier, state and nonce of the request under way: one key per
 * provider, so that a sign-in begun at one provider is never finished by another's answer.
 */
const sessionKey = (config: OidcConfig): string =>
  config.id === null ? 'oidcRequest' : `oidcRequest-${config.id}`;

/** Why an OpenID sign-in was refused: the audit's `reason`, and the message the person sees. */
export type OidcRefusal =
  | 'state_invalid'
  | 'token_expired'
  | 'wrong_audience'
  | 'token_invalid'
  | 'provider_denied'
  | 'provider_unavailable'
  | 'in_no_mapped_group'
  | 'username_taken';

export const REFUSAL_MESSAGES: Record<OidcRefusal, MessageId> = {
  state_invalid: 'login.oidc.stateInvalid',
  token_expired: 'login.oidc.tokenExpired',
  wrong_audience: 'login.oidc.wrongAudience',
  token_invalid: 'login.oidc.tokenInvalid',
  provider_denied: 'login.oidc.denied',
  provider_unavailable: 'login.oidc.unavailable',
  in_no_mapped_group: 'login.oidc.noAccess',
  username_taken: 'login.oidc.usernameTaken',
};

/** Shows the login page with a refusal (loginPageRoutes renders it, in the person's language). */
export type RenderRefusal = (req: Request, res: Response, message: MessageId) => void;

/** What the verify step found: a user, or a refusal with what is known of who was refused. */
type Verified = { user: User; idToken: string | undefined } | { refused: OidcRefusal; who: string | null };

/** A usable username: what authenticate.ts accepts, and not an e-mail's or a path's odd spelling. */
const USERNAME = /^[^\p{Cc}\s]{1,200}$/u;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');

/** The claims of a person, shaped as a directory entry for `syncExternalUser`. */
export function personFromClaims(claims: Record<string, unknown>, config: OidcConfig): DirectoryPerson {
  const given = [text(claims.given_name), text(claims.family_name)].filter((part) => part !== null);
  const displayName =
    text(claims.name) ??
    (given.length > 0 ? given.join(' ') : null) ??
    text(claims.preferred_username) ??
    text(claims.email) ??
    String(claims.sub);
  const attributes = new Map<string, string[]>();
  if (config.departmentClaim) {
    attributes.set(config.departmentClaim.toLowerCase(), strings(claims[config.departmentClaim]));
  }
  return {
    dn: String(claims.sub),
    displayName,
    email: text(claims.email),
    attributes,
    groupDns: strings(claims[config.groupsClaim]),
  };
}

/** The name a new account gets: the provider's username, else the e-mail, else the subject. */
export function usernameFromClaims(claims: Record<string, unknown>): string {
  for (const candidate of [claims.preferred_username, claims.email, claims.sub]) {
    const name = text(candidate)?.normalize('NFC').toLowerCase();
    if (name && USERNAME.test(name)) return name;
  }
  return `oidc-${String(claims.sub)
    .replace(/[\p{Cc}\s]/gu, '_')
    .slice(0, 190)}`;
}

/** Sorts what openid-client threw at the callback into a refusal; null for anything else (a bug). */
export function refusalOf(error: unknown): OidcRefusal | null {
  if (error instanceof client.AuthorizationResponseError) return 'provider_denied';
  if (error instanceof client.ResponseBodyError) {
    // The provider refused the code (already used, expired, another client's): start again.
    return error.error === 'invalid_grant' ? 'state_invalid' : 'provider_denied';
  }
  if (!(error instanceof client.ClientError)) {
    return error instanceof TypeError && /fetch failed/i.test(error.message) ? 'provider_unavailable' : null;
  }
  const cause = (error.cause ?? {}) as { message?: unknown; cause?: { claim?: unknown } };
  switch (error.code) {
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return 'token_expired';
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      return cause.cause?.claim === 'aud' || cause.cause?.claim === 'azp'
        ? 'wrong_audience'
        : 'token_invalid';
    case 'OAUTH_INVALID_RESPONSE':
      // A missing or different `state`, or an issuer mix-up: the answer belongs to no request of ours.
      return typeof cause.message === 'string' && cause.message.includes('"state"')
        ? 'state_invalid'
        : 'token_invalid';
    case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
    case 'OAUTH_RESPONSE_IS_NOT_JSON':
      return 'provider_unavailable';
    default:
      return 'token_invalid';
  }
}

/** openid-client's strategy, asking for `state` and `nonce` too (by default it relies on PKCE alone). */
class StateAndNonceStrategy extends Strategy {
  override authorizationRequestParams<TOptions extends AuthenticateOptions>(
    req: Request,
    options: TOptions,
  ): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options));
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    return params;
  }
}

const isLoopback = (issuer: string): boolean => new URL(issuer).protocol === 'http:';

export interface OidcSignIn {
  way: SignInWay;
  router: Router;
}

/**
 * The sign-in way for one provider. Its metadata is read at the first sign-in (not at start: the
 * app starts while the provider is down) and again after a failure to read it.
 */
export function oidcSignIn(signIn: SignIn, config: OidcConfig, renderRefusal: RenderRefusal): OidcSignIn {
  const { deps, framework } = signIn;
  const strategy = strategyName(config);
  const mapping: DirectoryMapping = {
    groupRoles: config.groupRoles,
    groupDepartments: config.groupDepartments,
    departmentAttribute: config.departmentClaim,
    groupSyntax: CLAIM_GROUPS,
  };
  let discovered: Promise<client.Configuration> | null = null;

  const audit = (
    req: Request,
    user: User | null,
    action: 'auth.login' | 'auth.login_failed',
    details: Record<string, JsonValue>,
  ) =>
    auditSignIn(deps, {
      action,
      user,
      source: 'oidc',
      details: {
        ip: req.ip ?? '',
        issuer: config.issuer,
        ...(config.id === null ? {} : { provider: config.id }),
        ...details,
      },
    });

  /** Claims from the ID token, completed from the UserInfo endpoint when the groups are not in it. */
  async function claimsOf(
    configuration: client.Configuration,
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<Record<string, unknown>> {
    const claims: Record<string, unknown> = { ...tokens.claims() };
    const userinfo = configuration.serverMetadata().userinfo_endpoint;
    if (claims[config.groupsClaim] === undefined && userinfo && tokens.access_token) {
      const more = await client.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
      // The ID token's own claims win: they are signed.
      return { ...more, ...claims };
    }
    return claims;
  }

  const verify =
    (configuration: client.Configuration): VerifyFunctionWithRequest =>
    (req, tokens, done) => {
      void (async (): Promise<Verified> => {
        const claims = await claimsOf(configuration, tokens);
        const subject = text(claims.sub);
        if (!subject) return { refused: 'token_invalid', who: null };
        const result = await syncExternalUser(
          deps.store,
          deps.clock.now(),
          {
            source: 'oidc',
            username: usernameFromClaims(claims),
            identity: { issuer: configuration.serverMetadata().issuer, subject },
          },
          personFromClaims(claims, config),
          mapping,
          deps.logger,
        );
        if ('user' in result) return { user: result.user, idToken: tokens.id_token };
        return { refused: result.refused, who: result.existing?.username ?? subject };
      })().then(
        (verified) =>
          'user' in verified ? done(null, verified.user, verified) : done(null, false, verified),
        (error: unknown) => done(error),
      );
    };

  function configure(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        client.ClientSecretBasic(config.clientSecret),
        isLoopback(config.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .then((configuration) => {
        framework.use(
          strategy,
          new StateAndNonceStrategy(
            {
              config: configuration,
              name: strategy,
              sessionKey: sessionKey(config),
              callbackURL: config.redirectUri,
              scope: config.scopes,
              passReqToCallback: true,
            },
            verify(configuration),
          ),
        );
        return configuration;
      })
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  }

  async function refuse(
    req: Request,
    res: Response,
    reason: OidcRefusal,
    extra: Record<string, JsonValue> = {},
  ) {
    await audit(req, null, 'auth.login_failed', { reason, ...extra });
    res.status(reason === 'provider_unavailable' ? 503 : 401);
    renderRefusal(req, res, REFUSAL_MESSAGES[reason]);
  }

  async function unavailable(req: Request, res: Response, error: unknown): Promise<void> {
    deps.logger?.error(
      { err: error, issuer: config.issuer, provider: config.id },
      'OpenID provider unavailable',
    );
    await refuse(req, res, 'provider_unavailable');
  }

  const router = Router();

  router.get(config.loginPath, async (req, res, next) => {
    try {
      await configure();
    } catch (error) {
      await unavailable(req, res, error);
      return;
    }
    // Ends in a redirect to the provider (the strategy saves its request in the session first).
    const start = framework.authenticate(strategy, { session: false }) as (
      req: Request,
      res: Response,
      next: (error?: unknown) => void,
    ) => void;
    start(req, res, next);
  });

  router.get(config.callbackPath, async (req, res) => {
    // Without these the strategy would start a new sign-in instead of finishing one.
    if (!['code', 'error', 'response'].some((name) => name in req.query)) {
      await refuse(req, res, 'state_invalid', { detail: 'no authorization response' });
      return;
    }
    let configuration: client.Configuration;
    try {
      configuration = await configure();
    } catch (error) {
      await unavailable(req, res, error);
      return;
    }
    const result = await runStrategy<User>(framework, strategy, req, res);
    if (result.error) {
      const reason = refusalOf(result.error);
      if (!reason) throw result.error;
      if (reason === 'provider_unavailable')
        deps.logger?.error({ err: result.error }, 'OpenID callback failed');
      await refuse(req, res, reason, { detail: result.error instanceof Error ? result.error.message : '' });
      return;
    }
    const verified = result.challenge as Partial<Verified> | { message?: string } | undefined;
    if (!result.found) {
      if (verified && 'refused' in verified && verified.refused) {
        await refuse(req, res, verified.refused, verified.who ? { subject: verified.who } : {});
      } else {
        // The strategy's own failures: no request of ours in the session (missing, reused or lost state),
        // or the provider's access_denied.
        const message = verified && 'message' in verified ? String(verified.message) : '';
        await refuse(req, res, /state/i.test(message) ? 'state_invalid' : 'provider_denied', {
          detail: message,
        });
      }
      return;
    }
    const user = result.found;
    const outcome = await completeSignIn(deps, req, user);
    await audit(req, user, 'auth.login', {});
    const idToken = verified && 'idToken' in verified ? verified.idToken : undefined;
    const endSession = configuration.serverMetadata().end_session_endpoint;
    if (endSession) {
      const url = new URL(endSession);
      if (idToken) url.searchParams.set('id_token_hint', idToken);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri);
      req.session.signOutUrl = url.href;
    }
    // A second factor still to come, as after the password form (login.ts decides who needs one).
    res.redirect(303, outcome.kind === 'signed_in' ? '/' : '/login/code');
  });

  return { way: { label: config.label, href: config.loginPath }, router };
}
