/**
 * The second factor of local administrators, in the browser and the API:
 * - `GET|POST /login/code`: after a right password (`completeSignIn` left `pendingSecondFactor` in
 *   the session), the code from the app or a recovery code; `POST /login/enrol`: where the factor
 *   is required and not set up yet, the QR code, a first code, and the recovery codes shown once;
 * - `/account/second-factor`: a signed-in administrator sets up or removes their own;
 * - `apiSecondFactor`: `POST /api/auth/login` with its `code` field.
 * Forms carry the CSRF token like the login form; the session's token was renewed with it.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import Handlebars from 'handlebars';
import type { AuthenticateDeps } from '../../engine/auth/authenticate.js';
import { activeUser } from '../../engine/auth/sessionUser.js';
import { LoginLocked } from '../../engine/auth/loginErrors.js';
import {
  beginSecondFactorEnrolment,
  confirmSecondFactorEnrolment,
  type Enrolment,
  pendingEnrolment,
  removeOwnSecondFactor,
  SecondFactorRefused,
  secondFactorStatus,
  secondFactorStep,
  verifySignInCode,
} from '../../engine/auth/secondFactor.js';
import { actorFromUser, localDate, type UseCaseContext } from '../../engine/context.js';
import { Invalid } from '../../engine/errors.js';
import type { User } from '../../engine/store/ports.js';
import { requestLanguage, translator, type Translate } from '../i18n/translate.js';
import { renderPage } from '../pages/views.js';
import type { SignIn, SignInOutcome } from './login.js';
import { startSession } from './login.js';
import { loginFailure } from './loginFailure.js';
import { presentUser } from './presentUser.js';
import { requirePageUser } from './requireUser.js';

const ipOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

const codeOf = (req: Request): string => {
  const code: unknown = (req.body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code.trim().slice(0, 100) : '';
};

/** `POST /api/auth/login` after a right password, when the user has a second factor to pass. */
export async function apiSecondFactor(
  deps: AuthenticateDeps,
  req: Request,
  res: Response,
  outcome: Extract<SignInOutcome, { kind: 'second_factor' }>,
  code: string | undefined,
): Promise<void> {
  const t = translator(requestLanguage(req));
  if (!outcome.enrolled) {
    res
      .status(401)
      .json({ error: 'second_factor_enrolment_required', message: t('secondFactor.enrolmentRequired') });
    return;
  }
  if (code === undefined || code.trim() === '') {
    res.status(401).json({ error: 'second_factor_required', message: t('secondFactor.required') });
    return;
  }
  await verifySignInCode(deps, { user: outcome.user, code, ip: ipOf(req) });
  const csrfToken = await startSession(req, outcome.user);
  res.json({ user: presentUser(outcome.user), csrfToken });
}

type Pending = { user: User } | { expired: true };

/** The person between password and code, or why there is none. */
async function pendingOf(deps: AuthenticateDeps, req: Request): Promise<Pending> {
  const pending = req.session?.pendingSecondFactor;
  if (!pending || pending.until <= deps.clock.now().getTime()) {
    if (pending) delete req.session.pendingSecondFactor;
    return { expired: true };
  }
  const user = await activeUser(deps.store, pending.userId);
  if (!user) {
    delete req.session.pendingSecondFactor;
    return { expired: true };
  }
  return { user };
}

const contextOf = (deps: AuthenticateDeps, user: User): UseCaseContext => ({
  actor: actorFromUser(user),
  store: deps.store,
  clock: deps.clock,
});

const enrolmentView = (enrolment: Enrolment | null) =>
  enrolment ? { secret: enrolment.secret, qrSvg: new Handlebars.SafeString(enrolment.qrSvg) } : null;

interface CodePage {
  mode: 'verify' | 'enrol' | 'recovery' | 'expired';
  enrolment?: Enrolment | null;
  recoveryCodes?: string[];
  error?: string;
  status?: number;
}

function renderCodePage(req: Request, res: Response, page: CodePage): void {
  res.set('Cache-Control', 'no-store');
  renderPage(
    req,
    res,
    'loginCode',
    {
      title: page.mode === 'enrol' ? 'secondFactor.enrolTitle' : 'secondFactor.codeTitle',
      verify: page.mode === 'verify',
      enrol: page.mode === 'enrol',
      recovery: page.mode === 'recovery',
      expired: page.mode === 'expired',
      enrolment: enrolmentView(page.enrolment ?? null),
      recoveryCodes: page.recoveryCodes ?? [],
      error: page.error,
      problems: page.error ? { code: [page.error] } : {},
    },
    { status: page.status ?? 200 },
  );
}

/** A refused code or a lock, as the code page shows it; anything else is rethrown. */
function refusal(error: unknown, t: Translate, now: Date, res: Response): { error: string; status: number } {
  if (error instanceof SecondFactorRefused) return { error: t('secondFactor.wrongCode'), status: 401 };
  if (error instanceof LoginLocked) {
    const failure = loginFailure(error, t, now);
    if (failure?.retryAfterSeconds) res.set('Retry-After', String(failure.retryAfterSeconds));
    return { error: failure?.message ?? t('login.refused'), status: 429 };
  }
  throw error;
}

async function showSignInStep(
  deps: AuthenticateDeps,
  req: Request,
  res: Response,
  extra: Partial<CodePage> = {},
) {
  const pending = await pendingOf(deps, req);
  if ('expired' in pending) {
    renderCodePage(req, res, {
      mode: 'expired',
      error: translator(requestLanguage(req))('secondFactor.expired'),
      status: extra.status ?? 200,
    });
    return;
  }
  const step = await secondFactorStep(deps, pending.user);
  if (step === 'enrol') {
    const ctx = contextOf(deps, pending.user);
    const enrolment =
      (await pendingEnrolment(ctx, { userId: pending.user.id })) ??
      (await beginSecondFactorEnrolment(ctx, { userId: pending.user.id }));
    renderCodePage(req, res, { ...extra, mode: 'enrol', enrolment });
    return;
  }
  renderCodePage(req, res, { ...extra, mode: 'verify' });
}

/**
 * A code sent at sign-in (to verify it, or to confirm an enrolment) with the sign-in it belongs to;
 * null when that sign-in has expired, which is answered here.
 */
async function codeStepOf(
  deps: AuthenticateDeps,
  req: Request,
  res: Response,
): Promise<{ t: Translate; pending: { user: User }; code: string } | null> {
  const t = translator(requestLanguage(req));
  const pending = await pendingOf(deps, req);
  if ('expired' in pending) {
    renderCodePage(req, res, { mode: 'expired', error: t('secondFactor.expired'), status: 401 });
    return null;
  }
  return { t, pending, code: codeOf(req) };
}

/** What an account page shows: the person's factor, and what they are doing with it. */
interface AccountShown {
  enrolment?: Enrolment | null;
  recoveryCodes?: string[];
  problems?: Record<string, string[]>;
  notice?: string;
  status?: number;
}

export function secondFactorRoutes(signIn: SignIn): Router {
  const { deps } = signIn;
  const router = Router();

  router.get('/login/code', (req, res) => showSignInStep(deps, req, res));

  router.post('/login/code', async (req, res) => {
    const step = await codeStepOf(deps, req, res);
    if (!step) return;
    const { t, pending, code } = step;
    if (code === '') {
      await showSignInStep(deps, req, res, { error: t('secondFactor.codeMissing'), status: 400 });
      return;
    }
    try {
      await verifySignInCode(deps, { user: pending.user, code, ip: ipOf(req) });
    } catch (error) {
      await showSignInStep(deps, req, res, refusal(error, t, deps.clock.now(), res));
      return;
    }
    await startSession(req, pending.user);
    res.redirect(303, '/');
  });

  router.post('/login/enrol', async (req, res) => {
    const step = await codeStepOf(deps, req, res);
    if (!step) return;
    const { t, pending, code } = step;
    let recoveryCodes: string[];
    try {
      if (code === '') throw new SecondFactorRefused();
      ({ recoveryCodes } = await confirmSecondFactorEnrolment(contextOf(deps, pending.user), {
        userId: pending.user.id,
        code,
      }));
    } catch (error) {
      if (!(error instanceof SecondFactorRefused || error instanceof Invalid)) throw error;
      await showSignInStep(deps, req, res, {
        error: t(code === '' ? 'secondFactor.codeMissing' : 'secondFactor.wrongCode'),
        status: 400,
      });
      return;
    }
    await startSession(req, pending.user);
    // The recovery codes are in this answer only: nowhere stored in the clear.
    renderCodePage(req, res, { mode: 'recovery', recoveryCodes });
  });

  const account = Router();
  account.use('/account', requirePageUser(deps.store));

  const showAccount = async (req: Request, res: Response, shown: AccountShown = {}) => {
    const actor = req.actor;
    if (!actor?.id) throw new Error('account page reached without requirePageUser');
    const language = requestLanguage(req);
    const ctx: UseCaseContext = { actor, store: deps.store, clock: deps.clock };
    const status = await secondFactorStatus(ctx, {
      userId: actor.id,
      setting: deps.limits.adminSecondFactor,
    });
    res.set('Cache-Control', 'no-store');
    renderPage(
      req,
      res,
      'accountSecondFactor',
      {
        title: 'secondFactor.title',
        status,
        enrolledText: status.enrolledAt
          ? translator(language)('secondFactor.enrolled', {
              date: localDate(status.enrolledAt, 'Europe/Riga'),
              count: status.recoveryCodesLeft,
            })
          : '',
        enrolment: enrolmentView(shown.enrolment ?? null),
        recoveryCodes: shown.recoveryCodes ?? [],
        problems: shown.problems ?? {},
        notice: shown.notice,
      },
      { status: shown.status ?? 200 },
    );
  };
  const actorCtx = (req: Request): UseCaseContext & { actor: { id: string } } => {
    const actor = req.actor;
    if (!actor?.id) throw new Error('account page reached without requirePageUser');
    return { actor: { ...actor, id: actor.id }, store: deps.store, clock: deps.clock };
  };

  account.get('/account/second-factor', (req, res) => showAccount(req, res));

  account.post('/account/second-factor/enrol', async (req, res) => {
    const ctx = actorCtx(req);
    const t = translator(requestLanguage(req));
    try {
      const enrolment = await beginSecondFactorEnrolment(ctx, { userId: ctx.actor.id });
      await showAccount(req, res, { enrolment });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showAccount(req, res, { notice: t('secondFactor.alreadyEnrolled'), status: 409 });
    }
  });

  account.post('/account/second-factor/confirm', async (req, res) => {
    const ctx = actorCtx(req);
    const t = translator(requestLanguage(req));
    const code = codeOf(req);
    try {
      if (code === '') throw new SecondFactorRefused();
      const { recoveryCodes } = await confirmSecondFactorEnrolment(ctx, { userId: ctx.actor.id, code });
      await showAccount(req, res, { recoveryCodes });
    } catch (error) {
      if (!(error instanceof SecondFactorRefused || error instanceof Invalid)) throw error;
      await showAccount(req, res, {
        enrolment: await pendingEnrolment(ctx, { userId: ctx.actor.id }),
        problems: { code: [t(code === '' ? 'secondFactor.codeMissing' : 'secondFactor.wrongCode')] },
        status: 400,
      });
    }
  });

  account.post('/account/second-factor/remove', async (req, res) => {
    const ctx = actorCtx(req);
    const t = translator(requestLanguage(req));
    const code = codeOf(req);
    try {
      if (code === '') throw new SecondFactorRefused();
      await removeOwnSecondFactor(ctx, deps, { userId: ctx.actor.id, code, ip: ipOf(req) });
    } catch (error) {
      const shown =
        code === ''
          ? { error: t('secondFactor.codeMissing'), status: 400 }
          : refusal(error, t, deps.clock.now(), res);
      await showAccount(req, res, {
        problems: { removeCode: [shown.error] },
        status: shown.status === 401 ? 400 : shown.status,
      });
      return;
    }
    await showAccount(req, res, { notice: t('secondFactor.removed') });
  });

  router.use(account);
  return router;
}
