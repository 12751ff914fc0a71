/**
 * CSRF protection (synchronizer token, csrf-sync; the token lives in the session):
 * - every state-changing form post carries the token in the `_csrf` field;
 * - every state-changing API call made with a logged-in session cookie carries it in `X-CSRF-Token`
 *   (the login answer and `GET /api/me` hand it out);
 * - API calls without a logged-in session cannot act as anyone, so they pass on to answer 401;
 * - `POST /api/auth/login` must be `application/json`, which a cross-site form cannot send.
 */
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { apiLanguage, translator } from '../i18n/translate.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const { generateToken, isRequestValid } = csrfSync({
  getTokenFromRequest: (req) => {
    const header = req.get('x-csrf-token');
    if (header) return header;
    const body: unknown = req.body;
    return typeof body === 'object' && body !== null && '_csrf' in body && typeof body._csrf === 'string'
      ? body._csrf
      : undefined;
  },
});

/** The session's CSRF token, made on first use. */
export const csrfToken = (req: Request): string =>
  // No session (a request refused before its session was read): no token, rather than a crash.
  req.session ? generateToken(req) : '';

/** A new token, after the session changed hands (login). */
export const renewCsrfToken = (req: Request): string => generateToken(req, true);

export function csrfGuard(options: { onFormRefused: RequestHandler }): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const api = req.path.startsWith('/api/');
    if (api && req.path === '/api/auth/login') {
      // No body at all (`is` answers null) is the login route's 400, not a 415.
      if (req.is('application/json') !== false) return next();
      res.status(415).json({
        error: 'unsupported_media_type',
        message: translator(apiLanguage(req))('api.unsupportedMediaType', { types: 'application/json' }),
      });
      return;
    }
    if (api && !req.session?.userId) return next();
    if (isRequestValid(req)) return next();
    if (api) {
      res.status(403).json({ error: 'csrf', message: translator(apiLanguage(req))('csrf.invalid') });
      return;
    }
    options.onFormRefused(req, res, next);
  };
}
