/**
 * The password way in, as a passport strategy (`password`): the login form and `POST /api/auth/login`
 * both post a username and a password. The engine's `authenticate` checks a local account by its
 * argon2 hash and anyone else against the directory (LDAP / AD), with one lockout for both: they
 * share one form, so a guess counts once whichever of them refuses it.
 *
 * Not passport-local: it refuses an empty password before any check (so the attempt would go
 * unaudited and uncounted) and also reads credentials from the query string (access logs).
 */
import type { Request } from 'express';
import { Strategy } from 'passport-strategy';
import { authenticate, type AuthenticateDeps } from '../../engine/auth/authenticate.js';
import type { SignInFramework } from './signInWays.js';

export const PASSWORD_STRATEGY = 'password';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

class PasswordStrategy extends Strategy {
  readonly name = PASSWORD_STRATEGY;

  constructor(private readonly deps: AuthenticateDeps) {
    super();
  }

  override authenticate(req: Request): void {
    const body = (req.body ?? {}) as { username?: unknown; password?: unknown };
    authenticate(this.deps, {
      username: text(body.username),
      password: text(body.password),
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    }).then(
      (user) => this.success(user),
      // The engine's refusals (LoginRefused, LoginLocked, DirectoryUnavailable) are answered by the
      // route through `loginFailure`, the same for the form and the API.
      (error: unknown) => this.error(error instanceof Error ? error : new Error(String(error))),
    );
  }
}

export function usePasswordStrategy(framework: SignInFramework, deps: AuthenticateDeps): void {
  framework.use(PASSWORD_STRATEGY, new PasswordStrategy(deps));
}
