/** Who sets deputies: everyone for themself, an administrator for anyone. */
import type { Actor } from '../context.js';
import { hasRole } from './roles.js';

/** Whether the actor may set, change or end a deputy for `principalId`. */
export const maySetDeputyFor = (actor: Actor, principalId: string): boolean =>
  actor.id !== null && (hasRole(actor, 'admin') || principalId === actor.id);
