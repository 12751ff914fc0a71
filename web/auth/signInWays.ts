/**
 * The sign-in framework: one passport instance per app (tests build many apps in one process, and a
 * strategy registered on the global instance would leak between them). Passport sessions are not
 * used: a strategy only names the user, and `completeSignIn` (login.ts) starts our own session.
 */
import type { Request, Response } from 'express';
import passport from 'passport';

export type SignInFramework = passport.PassportStatic;

export const signInFramework = (): SignInFramework => new passport.Passport() as SignInFramework;

/** A way to sign in offered on the login page besides the password form (an OpenID provider). */
export interface SignInWay {
  /** The button's text, e.g. "Latvija.lv" or "Microsoft 365". */
  label: string;
  /** Where the button leads (a GET that starts the way's redirect). */
  href: string;
}

/** What a strategy ended with, as passport's custom callback receives it. */
export interface StrategyResult<T> {
  error: unknown;
  found: T | false | null | undefined;
  /** `fail(challenge)`'s argument: a message or an object the strategy gave. */
  challenge: unknown;
}

/** Runs strategy `name` on the request without passport sessions; resolves with what it found. */
export function runStrategy<T>(
  framework: SignInFramework,
  name: string | string[],
  req: Request,
  res: Response,
  options: Record<string, unknown> = {},
): Promise<StrategyResult<T>> {
  return new Promise((resolve) => {
    const handler = framework.authenticate(
      name,
      { ...options, session: false },
      (error: unknown, found: T | false | null | undefined, challenge: unknown) =>
        resolve({ error, found, challenge }),
    ) as (req: Request, res: Response, next: (error?: unknown) => void) => void;
    handler(req, res, (error) => resolve({ error, found: undefined, challenge: undefined }));
  });
}
