/**
 * Whom an actor stands in for: resolved once per request when the actor is built, from the
 * substitutions active on today's date in the institution's time zone. A principal who is no longer
 * active is not stood in for.
 */
import { type Actor, actorFromUser, type Clock, localDate } from '../context.js';
import type { Store, User } from '../store/ports.js';

export async function actorWithSubstitutions(
  store: Pick<Store, 'substitutions' | 'users'>,
  user: User,
  clock: Clock,
  timeZone: string,
): Promise<Actor> {
  const actor = actorFromUser(user);
  const active = await store.substitutions.activeForDeputy(user.id, localDate(clock.now(), timeZone));
  if (active.length === 0) return actor;
  const principals: Actor[] = [];
  for (const principalId of new Set(active.map((s) => s.principalId))) {
    const principal = await store.users.get(principalId);
    if (principal?.active) principals.push(actorFromUser(principal));
  }
  return principals.length > 0 ? { ...actor, actingFor: principals } : actor;
}

/** The usernames whose tasks the actor works on: their own, then their principals'. */
export const actingUsernames = (actor: Actor): string[] => [
  actor.username,
  ...(actor.actingFor ?? []).map((principal) => principal.username),
];

/** The actor as it acts for `principal`: its audit events carry the principal as on-behalf-of. */
export const onBehalfOf = (actor: Actor, principal: Actor): Actor => ({
  ...actor,
  onBehalfOfId: principal.id,
});
