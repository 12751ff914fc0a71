/** `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/me`. */
import { type Response, Router } from 'express';
import { z } from 'zod';
import type { AuthenticateDeps } from '../../engine/auth/authenticate.js';
import { jsonBodyOf } from '../api/apiRoute.js';
import { apiLanguage, translator } from '../i18n/translate.js';
import { csrfToken } from './csrf.js';
import { logIn, logOut } from './login.js';
import { loginFailure } from './loginFailure.js';
import { presentUser } from './presentUser.js';
import { requireUser } from './requireUser.js';

/** Strict, as the OpenAPI document says (additionalProperties: false): `__proto__` and the like are refused. */
export const LoginBody = z.strictObject({ username: z.string().max(1000), password: z.string().max(1000) });

export function authApiRoutes(deps: AuthenticateDeps, clearCookie: (res: Response) => void): Router {
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
      const { user, csrfToken: token } = await logIn(deps, req, body.data);
      res.json({ user: presentUser(user), csrfToken: token });
    } catch (error) {
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

  router.get('/api/me', requireUser(deps.store), async (req, res) => {
    const user = req.actor?.id ? await deps.store.users.get(req.actor.id) : null;
    if (!user) throw new Error('requireUser let a request through without a user');
    res.json({ user: presentUser(user), csrfToken: csrfToken(req) });
  });

  return router;
}
