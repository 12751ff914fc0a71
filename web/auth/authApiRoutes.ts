/** `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/me` (a session or an API token). */
import { type Response, Router } from 'express';
import { z } from 'zod';
import { requireApiActor } from '../api/support/apiActor.js';
import { jsonBodyOf } from '../api/support/apiRoute.js';
import { apiLanguage, translator } from '../i18n/translate.js';
import { csrfToken } from './csrf.js';
import { logOut, passwordSignIn, type SignIn } from './login.js';
import { apiSecondFactor } from './secondFactorRoutes.js';
import { SecondFactorRefused } from '../../engine/auth/secondFactor.js';
import { getOwnAccount } from '../../engine/directory/users.js';
import { loginFailure } from './loginFailure.js';
import { presentUser } from './presentUser.js';
import { requireUser } from './requireUser.js';

/** Strict, as the OpenAPI document says (additionalProperties: false): `__proto__` and the like are refused. */
export const LoginBody = z.strictObject({
  username: z.string().max(1000),
  password: z.string().max(1000),
  /** The second factor of an administrator who has one: a TOTP code or a recovery code. */
  code: z.string().max(100).optional(),
});

export function authApiRoutes(signIn: SignIn, clearCookie: (res: Response) => void): Router {
  const { deps } = signIn;
  const router = Router();

  router.post('/api/auth/login', async (req, res) => {
    const t = translator(apiLanguage(req));
    const body = LoginBody.safeParse(jsonBodyOf(req));
    if (!body.success) {
      res.status(400).json({
        error: 'invalid',
        message: t('login.invalid'),
        problems: body.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
      });
      return;
    }
    try {
      const outcome = await passwordSignIn(signIn, req, res);
      if (outcome.kind === 'second_factor') {
        await apiSecondFactor(deps, req, res, outcome, body.data.code);
        return;
      }
      res.json({ user: presentUser(outcome.user), csrfToken: outcome.csrfToken });
    } catch (error) {
      if (error instanceof SecondFactorRefused) {
        res.status(401).json({ error: 'second_factor_refused', message: t('secondFactor.wrongCode') });
        return;
      }
      const failure = loginFailure(error, t, deps.clock.now());
      if (!failure) throw error;
      if (failure.retryAfterSeconds) res.set('Retry-After', String(failure.retryAfterSeconds));
      res.status(failure.status).json({ error: failure.error, message: failure.message });
    }
  });

  router.post('/api/auth/logout', requireUser(deps.store), async (req, res) => {
    await logOut(req, () => clearCookie(res));
    res.status(204).end();
  });

  // Whoever calls the API: the session's user, or an API token's (as every other /api route). A
  // token call needs no CSRF token and gets none: making one would start a session for it.
  router.get('/api/me', requireApiActor(deps.store, deps.clock), async (req, res) => {
    if (!req.actor) throw new Error('requireApiActor let a request through without a user');
    const user = await getOwnAccount({ actor: req.actor, store: deps.store, clock: deps.clock });
    const byToken = req.get('authorization') !== undefined;
    res.json({ user: presentUser(user), csrfToken: byToken ? '' : csrfToken(req) });
  });

  return router;
}
