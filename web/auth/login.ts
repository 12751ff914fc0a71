/**
 * Signing a request in and out. Every sign-in way (the password form and API, an OpenID provider, a
 * guest link) is a passport strategy that names a user; `completeSignIn` then hands the session over.
 */
import type { Request, Response } from 'express';
import type { AuthenticateDeps } from '../../engine/auth/authenticate.js';
import { refuseLockedSecondFactor, secondFactorStep } from '../../engine/auth/secondFactor.js';
import type { User } from '../../engine/store/ports.js';
import { renewCsrfToken } from './csrf.js';
import { PASSWORD_STRATEGY } from './passwordStrategy.js';
import { runStrategy, type SignInFramework, type SignInWay } from './signInWays.js';

/** What the sign-in routes share: the engine's login dependencies and the app's passport instance. */
export interface SignIn {
  deps: AuthenticateDeps;
  framework: SignInFramework;
  /** The ways offered on the login page besides the password form. */
  ways: SignInWay[];
}

const regenerate = (req: Request) =>
  new Promise<void>((resolve, reject) =>
    req.session.regenerate((error) => (error ? reject(error) : resolve())),
  );
const save = (req: Request) =>
  new Promise<void>((resolve, reject) => req.session.save((error) => (error ? reject(error) : resolve())));

/**
 * Replaces the request's session with a new one (no fixation) that holds only what `fill` puts in
 * it, with a new CSRF token; returns the token. Staff, second-factor and guest sign-ins all go here.
 */
export async function renewSession(
  req: Request,
  fill: (session: Request['session']) => void,
): Promise<string> {
  await regenerate(req);
  fill(req.session);
  const csrfToken = renewCsrfToken(req);
  await save(req);
  return csrfToken;
}

/** Starts a new session for `user` with a new CSRF token; returns the token. */
export function startSession(req: Request, user: User): Promise<string> {
  return renewSession(req, (session) => {
    session.userId = user.id;
  });
}

export type SignInOutcome =
  | { kind: 'signed_in'; user: User; csrfToken: string }
  /** A second factor is still to come (`/login/code`); `enrolled` false: set it up first. */
  | { kind: 'second_factor'; user: User; enrolled: boolean; csrfToken: string };

/** How long the step between a right password and the second factor may take. */
export const PENDING_SECOND_FACTOR_MS = 5 * 60 * 1000;

/**
 * What follows once a sign-in way has named `user`: the session changes hands, unless the user has
 * a second factor to pass (web/auth/secondFactorRoutes.ts). Then the session is renewed too, but it
 * keeps only `pendingSecondFactor`: nobody is signed in until the code is right.
 */
export async function completeSignIn(
  deps: AuthenticateDeps,
  req: Request,
  user: User,
): Promise<SignInOutcome> {
  const step = await secondFactorStep(deps, user);
  if (step === 'none') return { kind: 'signed_in', user, csrfToken: await startSession(req, user) };
  await refuseLockedSecondFactor(deps, user);
  const csrfToken = await renewSession(req, (session) => {
    session.pendingSecondFactor = {
      userId: user.id,
      until: deps.clock.now().getTime() + PENDING_SECOND_FACTOR_MS,
    };
  });
  return { kind: 'second_factor', user, enrolled: step === 'verify', csrfToken };
}

/**
 * Signs in with the username and password of the request's body (the form or the API). Throws what
 * the engine's `authenticate` throws (LoginRefused, LoginLocked, DirectoryUnavailable).
 */
export async function passwordSignIn(signIn: SignIn, req: Request, res: Response): Promise<SignInOutcome> {
  const result = await runStrategy<User>(signIn.framework, PASSWORD_STRATEGY, req, res);
  if (result.error) throw result.error;
  if (!result.found)
    throw new Error(`the password strategy found no user: ${JSON.stringify(result.challenge)}`);
  return completeSignIn(signIn.deps, req, result.found);
}

/** Ends the session in the database and in the browser. */
export async function logOut(req: Request, clearCookie: () => void): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    req.session.destroy((error) => (error ? reject(error) : resolve())),
  );
  clearCookie();
}
