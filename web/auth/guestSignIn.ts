/**
 * A guest's way in (issue 18): the one-time link of their invitation mail. `GET /guest/link/:token`
 * only shows a button (mail scanners that open links must not use the token up); the button posts
 * the token to `POST /guest/sign-in`, where the `guest-link` passport strategy hands it to the
 * engine's `signInAsGuest`. The session then changes hands (no fixation) and keeps the guest under
 * its own key: `userId` is never set, so every staff page and API route treats a guest as anonymous.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import passport from 'passport';
import type { AuthenticateDeps } from '../../engine/auth/authenticate.js';
import { LoginLocked } from '../../engine/auth/loginErrors.js';
import { Forbidden } from '../../engine/errors.js';
import { signInAsGuest } from '../../engine/guests/guestAccess.js';
import type { GuestInvitation } from '../../engine/store/guestPorts.js';
import { type EngineMessage, translateEngineMessage } from '../i18n/engineMessages.js';
import { requestLanguage, translator } from '../i18n/translate.js';
import { renderPage } from '../pages/views.js';
import { guestDocumentPath } from './guestSession.js';
import { renewSession, type SignIn } from './login.js';
import { runStrategy, type SignInFramework } from './signInWays.js';

export const GUEST_LINK_STRATEGY = 'guest-link';

/** Refusals the guest reads: the engine's English message, for the page to translate. */
interface GuestChallenge extends EngineMessage {
  /** Too many refused links (or passwords) from this address: the lock ends in this many minutes. */
  lockedMinutes?: number;
}

class GuestLinkStrategy extends passport.Strategy {
  override name = GUEST_LINK_STRATEGY;

  constructor(private readonly deps: AuthenticateDeps) {
    super();
  }

  override authenticate(req: Request): void {
    const body = req.body as { token?: unknown } | undefined;
    const token = typeof body?.token === 'string' ? body.token : '';
    const { store, clock, limits } = this.deps;
    signInAsGuest({ store, clock }, token, {
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      limits,
    }).then(
      (invitation) => this.success(invitation),
      (error: unknown) => {
        if (error instanceof Forbidden) {
          const challenge: GuestChallenge = {
            message: error.message,
            code: error.messageCode,
            params: error.params,
          };
          this.fail(challenge, 403);
        } else if (error instanceof LoginLocked) {
          const minutes = Math.ceil(error.retryAfterSeconds(clock.now()) / 60);
          this.fail({ message: error.message, lockedMinutes: minutes } satisfies GuestChallenge, 429);
        } else this.error(error as Error);
      },
    );
  }
}

export function useGuestLinkStrategy(framework: SignInFramework, deps: AuthenticateDeps): void {
  framework.use(GUEST_LINK_STRATEGY, new GuestLinkStrategy(deps));
}

/** A new session for the guest, with the guest's key only. */
async function startGuestSession(req: Request, invitation: GuestInvitation): Promise<void> {
  await renewSession(req, (session) => {
    session.guest = { invitationId: invitation.id };
  });
}

function renderRefusal(req: Request, res: Response, challenge: Partial<GuestChallenge> | undefined): void {
  const t = translator(requestLanguage(req));
  res.set('Cache-Control', 'no-store');
  const locked = challenge?.lockedMinutes;
  renderPage(
    req,
    res,
    'guestMessage',
    {
      title: 'guest.refusedTitle',
      refusal:
        locked !== undefined
          ? t('login.locked', { minutes: locked })
          : challenge?.message === undefined
            ? t('refusal.guestLinkUnknown')
            : translateEngineMessage({ ...challenge, message: challenge.message }, t),
    },
    { status: locked !== undefined ? 429 : 403, layout: 'guest' },
  );
}

export function guestSignInRoutes(signIn: Pick<SignIn, 'framework' | 'deps'>): Router {
  const { framework, deps } = signIn;
  useGuestLinkStrategy(framework, deps);
  const router = Router();

  router.get('/guest/link/:token', (req, res) => {
    // The token stays in the page only: no referrer leaves it, no cache keeps it.
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    renderPage(
      req,
      res,
      'guestSignIn',
      { title: 'guest.signInTitle', token: req.params.token.slice(0, 200) },
      { layout: 'guest' },
    );
  });

  router.post('/guest/sign-in', async (req, res) => {
    const result = await runStrategy<GuestInvitation>(framework, GUEST_LINK_STRATEGY, req, res);
    if (result.error) throw result.error;
    if (!result.found) {
      renderRefusal(req, res, result.challenge as Partial<GuestChallenge> | undefined);
      return;
    }
    await startGuestSession(req, result.found);
    res.redirect(303, guestDocumentPath(result.found.documentId));
  });

  return router;
}
