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
import { LANGUAGES, type Language, type MessageId, requestLanguage, translator } from '../i18n/translate.js';
import { csrfToken } from './csrf.js';
import { logOut, passwordSignIn, type SignIn } from './login.js';
import { loginFailure } from './loginFailure.js';
import { sessionUser } from './requireUser.js';
import type { SignInWay } from './signInWays.js';

const VIEW = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views', 'login.hbs');
const template = Handlebars.compile<LoginView>(readFileSync(VIEW, 'utf8'), { strict: false });

interface LoginView {
  lang: Language;
  t: Record<'appName' | 'title' | 'username' | 'password' | 'submit' | 'logout' | 'otherWays', string>;
  csrfToken: string;
  username?: string;
  error?: string;
  loggedInAs?: string;
  /** The username and password were refused: both fields point at the error that says why. */
  fieldsRefused?: boolean;
  /** `aria-invalid` and `aria-describedby` of the two fields when they were refused, else nothing. */
  refusedA11y?: Handlebars.SafeString | '';
  /** Buttons for the other configured ways in (OpenID providers). */
  ways: SignInWay[];
}

const REFUSED_FIELD = new Handlebars.SafeString("aria-invalid='true' aria-describedby='login-error'");

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
  extra: Pick<LoginView, 'username' | 'error' | 'loggedInAs' | 'fieldsRefused'> = {},
  ways: SignInWay[] = [],
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
          otherWays: t('login.otherWays'),
        },
        csrfToken: csrfToken(req),
        ways,
        refusedA11y: extra.fieldsRefused ? REFUSED_FIELD : '',
        ...extra,
      }),
  );
}

/** The login page showing `message` as its error, in the request's language (a refused sign-in way). */
export function renderLoginError(req: Request, res: Response, message: MessageId, ways: SignInWay[]): void {
  const language = requestLanguage(req);
  render(req, res, language, { error: translator(language)(message) }, ways);
}

/** A form posted without a valid CSRF token (an old page, an expired session, or a forgery). */
export const formRefused: RequestHandler = (req, res) => {
  const language = requestLanguage(req);
  res.status(403);
  render(req, res, language, { error: translator(language)('login.formExpired') });
};

export function loginPageRoutes(signIn: SignIn, clearCookie: (res: Response) => void): Router {
  const { deps, ways } = signIn;
  const router = Router();

  router.get('/login', async (req, res) => {
    const language = languageOf(req, res);
    const user = await sessionUser(deps.store, req);
    render(
      req,
      res,
      language,
      user ? { loggedInAs: translator(language)('login.loggedInAs', { name: user.displayName }) } : {},
      ways,
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
      render(req, res, language, { username, error: t('login.invalid'), fieldsRefused: true }, ways);
      return;
    }
    try {
      const outcome = await passwordSignIn(signIn, req, res);
      // A second factor still to come: the code (or its enrolment) on a page of its own.
      res.redirect(303, outcome.kind === 'second_factor' ? '/login/code' : '/');
    } catch (error) {
      const failure = loginFailure(error, t, deps.clock.now());
      if (!failure) throw error;
      if (failure.retryAfterSeconds) res.set('Retry-After', String(failure.retryAfterSeconds));
      res.status(failure.status);
      render(
        req,
        res,
        language,
        { username, error: failure.message, fieldsRefused: failure.status === 401 },
        ways,
      );
    }
  });

  router.post('/logout', async (req, res) => {
    // A sign-in at an OpenID provider is ended there too (it comes back to /login).
    const next = req.session.signOutUrl ?? '/login';
    await logOut(req, () => clearCookie(res));
    res.redirect(303, next);
  });

  return router;
}
