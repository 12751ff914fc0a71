/**
 * What every use case receives first: who acts, the store, and the time. Use cases take time from
 * `clock`, never from `new Date()`, so that tests move time instead of waiting.
 */
import type { Logger } from './logger.js';
import type { Role, Store, User } from './store/ports.js';

export interface Actor {
  /** Null for the system itself (start-up seeding, the scheduler). */
  id: string | null;
  username: string;
  displayName: string;
  roles: readonly Role[];
  departmentId: string | null;
  /** Set when a deputy acts for someone else: that person's id. */
  onBehalfOfId?: string | null;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const SYSTEM_ACTOR: Actor = {
  id: null,
  username: 'system',
  displayName: 'system',
  roles: [],
  departmentId: null,
};

export interface UseCaseContext {
  actor: Actor;
  store: Store;
  clock: Clock;
  logger?: Logger;
}

export function actorFromUser(user: User): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    departmentId: user.departmentId,
  };
}

/** The actor fields of an audit event. */
export function auditActor(actor: Actor): {
  actorId: string | null;
  actorName: string;
  onBehalfOfId: string | null;
} {
  return { actorId: actor.id, actorName: actor.username, onBehalfOfId: actor.onBehalfOfId ?? null };
}
