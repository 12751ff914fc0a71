/** Logging a request in and out: the use case, then the session changes hands. */
import type { Request } from 'express';
import { authenticate, type AuthenticateDeps } from '../../engine/auth/authenticate.js';
import type { User } from '../../engine/store/ports.js';
import { renewCsrfToken } from './csrf.js';

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) =>
    req.session.regenerate((error) => (error ? reject(error) : resolve())),
  );
const save = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));

/** Authenticates, then starts a new session (no fixation) with a new CSRF token; returns the token. */
export async function logIn(
  deps: AuthenticateDeps,
  req: Request,
  credentials: { username: string; password: string },
): Promise<{ user: User; csrfToken: string }> {
  const user = await authenticate(deps, {
    ...credentials,
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  });
  await regenerate(req);
  req.session.userId = user.id;
  const csrfToken = renewCsrfToken(req);
  await save(req);
  return { user, csrfToken };
}

/** Ends the session in the database and in the browser. */
export async function logOut(req: Request, clearCookie: () => void): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    req.session.destroy((error) => (error ? reject(error) : resolve())),
  );
  clearCookie();
}
