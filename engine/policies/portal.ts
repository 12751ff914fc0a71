/**
 * The citizen e-services portal (issue 17, engine/portal). Administrators configure e-services. A
 * citizen has no account: an enabled e-service whose register is active is open to anyone, and a
 * tracking token opens its one application only while staff have not revoked it. Who revokes a
 * token: registrars, heads and administrators who may see the application.
 */
import type { Actor } from '../context.js';
import { hasRole } from './roles.js';

export function mayConfigureEServices(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'admin');
}

export function eServiceOpen(service: { enabled: boolean }, register: { active: boolean } | null): boolean {
  return service.enabled && register !== null && register.active;
}

export function mayRevokeTracking(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar', 'head', 'admin');
}

export function trackingOpen(application: { revokedAt: Date | null }): boolean {
  return application.revokedAt === null;
}
