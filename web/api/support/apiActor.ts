/**
 * Who calls the API: an `Authorization: Bearer` API token, else the logged-in session. A token
 * request needs no CSRF token: a browser never attaches the header by itself, so a cross-site page
 * cannot make one (a request that also carries a session cookie is still checked by the CSRF guard).
 */
import type { RequestHandler } from 'express';
import { userOfApiToken } from '../../../engine/auth/apiTokens.js';
import { type Clock, DEFAULT_SETTINGS } from '../../../engine/context.js';
import type { Store } from '../../../engine/store/ports.js';
import { requestActor, sessionUser } from '../../auth/requireUser.js';
import { apiLanguage, translator } from '../../i18n/translate.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function requireApiActor(
  store: Store,
  clock: Clock,
  timeZone: string = DEFAULT_SETTINGS.timeZone,
): RequestHandler {
  return async (req, res, next) => {
    const t = translator(apiLanguage(req));
    const authorization = req.get('authorization');
    if (authorization !== undefined) {
      const token = BEARER.exec(authorization)?.[1];
      const user = token ? await userOfApiToken(store, token, clock.now()) : null;
      if (!user) {
        res.set('WWW-Authenticate', 'Bearer');
        res.status(401).json({ error: 'unauthorized', message: t('api.tokenInvalid') });
        return;
      }
      req.actor = await requestActor(store, user, { clock, timeZone });
      next();
      return;
    }
    const user = await sessionUser(store, req);
    if (!user) {
      res.status(401).json({ error: 'unauthorized', message: t('auth.required') });
      return;
    }
    req.actor = await requestActor(store, user, { clock, timeZone });
    next();
  };
}
