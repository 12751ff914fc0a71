/** The two questions every policy asks of an actor's roles. */
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import type { Role } from '../store/ports.js';

export const hasRole = (actor: Actor, ...roles: Role[]): boolean =>
  roles.some((role) => actor.roles.includes(role));

/** Throws Forbidden unless the actor holds at least one of `roles`. */
export function requireRole(actor: Actor, roles: Role[], doing: string): void {
  if (!hasRole(actor, ...roles)) {
    throw new Forbidden(`Only ${roles.join(' or ')} may ${doing}.`);
  }
}
