/**
 * The audit events of a sign-in way that is not the password form (whose events `authenticate`
 * writes): an OpenID provider's sign-in and its refusals. A refused attempt has no actor; the
 * details say where it came from and why.
 */
import { actorFromUser, auditActor, type Clock } from '../context.js';
import type { JsonValue, Store, User } from '../store/ports.js';

export interface SignInAuditDeps {
  store: Pick<Store, 'audit'>;
  clock: Clock;
}

export async function auditSignIn(
  deps: SignInAuditDeps,
  event: {
    action: 'auth.login' | 'auth.login_failed';
    user: User | null;
    /** Who tried, when no user is known (the way's name). */
    source: string;
    details: Record<string, JsonValue>;
  },
): Promise<void> {
  await deps.store.audit.append({
    ...(event.user ? auditActor(actorFromUser(event.user)) : { actorId: null, actorName: event.source }),
    occurredAt: deps.clock.now(),
    action: event.action,
    objectType: 'user',
    objectId: event.user?.id ?? null,
    details: { source: event.source, ...event.details },
  });
}
