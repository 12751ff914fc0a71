/**
 * Puts the logged-in user on the request as `req.actor`, for the routes after it. The user is read
 * from the database on every request, so a deactivated user's session stops working at once.
 */
import type { Request, RequestHandler } from 'express';
import { activeUser } from '../../engine/auth/sessionUser.js';
import { type Actor, type Clock, DEFAULT_SETTINGS, systemClock } from '../../engine/context.js';
import { actorWithSubstitutions } from '../../engine/substitutions/actingFor.js';
import type { Store, User } from '../../engine/store/ports.js';
import { apiLanguage, translator } from '../i18n/translate.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The acting user, set by `requireUser`. */
    actor?: Actor;
  }
}

/** The active user of the request's session, or null (a session of a deactivated user is ended). */
export async function sessionUser(store: Store, req: Request): Promise<User | null> {
  const userId = req.session?.userId;
  if (!userId) return null;
  const user = await activeUser(store, userId);
  if (user) return user;
  await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  return null;
}

/** How the actor of a request is dated: substitutions are active on today's date in the time zone. */
export interface ActorTime {
  clock?: Clock;
  timeZone?: string;
}

/** The user as the actor of a request, standing in for whomever their active substitutions name. */
export const requestActor = (store: Store, user: User, time: ActorTime = {}): Promise<Actor> =>
  actorWithSubstitutions(store, user, time.clock ?? systemClock, time.timeZone ?? DEFAULT_SETTINGS.timeZone);

/** API routes: 401 JSON without a logged-in user. */
export function requireUser(store: Store, time: ActorTime = {}): RequestHandler {
  return async (req, res, next) => {
    const user = await sessionUser(store, req);
    if (!user) {
      res.status(401).json({ error: 'unauthorized', message: translator(apiLanguage(req))('auth.required') });
      return;
    }
    req.actor = await requestActor(store, user, time);
    next();
  };
}

/** Pages: to the login page without a logged-in user. */
export function requirePageUser(store: Store, time: ActorTime = {}): RequestHandler {
  return async (req, res, next) => {
    const user = await sessionUser(store, req);
    if (!user) {
      res.redirect(303, '/login');
      return;
    }
    req.actor = await requestActor(store, user, time);
    next();
  };
}
