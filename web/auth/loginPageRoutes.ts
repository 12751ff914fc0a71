/**
 * The server-rendered login page: `GET /login`, `POST /login`, `POST /logout`. Plain HTML forms with
 * a CSRF token: they work without JavaScript. `?lang=lv|en|ru` picks the language and remembers it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import Handlebars from 'handlebars';
import type { AuthenticateDeps } from '../../engine/auth/authenticate.js';
import { LANGUAGES, type Language, requestLanguage, translator } from '../i18n/translate.js';
import { csrfToken } from './csrf.js';
import { logIn, logOut } from './login.js';
import { loginFailure } from './loginFailure.js';
import { sessionUser } from './requireUser.js';

const VIEW = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views', 'login.hbs');
const template = Handlebars.compile<LoginView>(readFileSync(VIEW, 'utf8'), { strict: false });

interface LoginView {
  lang: Language;
  t: Record<'appName' | 'title' | 'username' | 'password' | 'submit' | 'logout', string>;
  csrfToken: string;
  username?: string;
  error?: string;
  loggedInAs?: string;
}

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function languageOf(req: Request, res: Response): Language {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : '';
  if ((LANGUAGES as readonly string[]).includes(asked)) {
    res.cookie('lang', asked, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: false });
    return asked as Language;
  }
  return requestLanguage(req);
}

function render(
  req: Request,
  res: Response,
  language: Language,
  extra: Pick<LoginView, 'username' | 'error' | 'loggedInAs'> = {},
): void {
  const t = translator(language);
  // The doctype is added here: Prettier's Handlebars printer drops it from the view file.
  res.type('html').send(
    '<!doctype html>\n' +
      template({
        lang: language,
        t: {
          appName: t('app.name'),
          title: t('login.title'),
          username: t('login.username'),
          password: t('login.password'),
          submit: t('login.submit'),
          logout: t('logout.submit'),
        },
        csrfToken: csrfToken(req),
        ...extra,
      }),
  );
}

/** A form posted without a valid CSRF token (an old page, an expired session, or a forgery). */
export const formRefused: RequestHandler = (req, res) => {
  const language = requestLanguage(req);
  res.status(403);
  render(req, res, language, { error: translator(language)('login.formExpired') });
};

export function loginPageRoutes(deps: AuthenticateDeps, clearCookie: (res: Response) => void): Router {
  const router = Router();

  router.get('/login', async (req, res) => {
    const language = languageOf(req, res);
    const user = await sessionUser(deps.store, req);
    render(
      req,
      res,
      language,
      user ? { loggedInAs: translator(language)('login.loggedInAs', { name: user.displayName }) } : {},
    );
  });

  router.post('/login', async (req, res) => {
    const language = requestLanguage(req);
    const t = translator(language);
    const body = req.body as { username?: unknown; password?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    if (username.trim() === '' || password === '') {
      res.status(400);
      render(req, res, language, { username, error: t('login.invalid') });
      return;
    }
    try {
      await logIn(deps, req, { username, password });
      res.redirect(303, '/');
    } catch (error) {
      const failure = loginFailure(error, t, deps.clock.now());
      if (!failure) throw error;
      if (failure.retryAfterSeconds) res.set('Retry-After', String(failure.retryAfterSeconds));
      res.status(failure.status);
      render(req, res, language, { username, error: failure.message });
    }
  });

  router.post('/logout', async (req, res) => {
    await logOut(req, () => clearCookie(res));
    res.redirect(303, '/login');
  });

  return router;
}
