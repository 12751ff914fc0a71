/** Administration (users, departments, registers, settings): administrators only. */
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import { hasRole } from './roles.js';

export function requireAdmin(actor: Actor, doing: string): void {
  if (!hasRole(actor, 'admin'))
    throw new Forbidden(`Only an administrator may ${doing}.`, 'refusal.adminOnly', { doing });
}
