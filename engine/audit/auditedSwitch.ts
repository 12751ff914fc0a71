/**
 * The administrators' on/off switches (a department active, a user active, a case file open) are one
 * audited toggle: the change inside the caller's transaction and an event saying it was switched on
 * or off; a switch to the state the thing is in already is refused where saying so matters.
 */
import { auditActor, type UseCaseContext } from '../context.js';
import { Conflict } from '../errors.js';
import type { JsonValue, Repositories } from '../store/ports.js';

export interface AuditedSwitch<T extends { id: string }> {
  /** The wanted state: true switches on. */
  on: boolean;
  objectType: string;
  /** The audit actions of switching on and off. */
  actions: { on: string; off: string };
  /** Set when the thing is in the wanted state already and that is refused: the Conflict's message. */
  alreadyMessage?: string | null;
  /** Makes the change at `now`; returns the changed thing and what its audit event tells of it. */
  change: (now: Date) => Promise<{ after: T; details: { [key: string]: JsonValue } }>;
}

export async function switchAudited<T extends { id: string }>(
  ctx: UseCaseContext,
  tx: Repositories,
  props: AuditedSwitch<T>,
): Promise<T> {
  if (props.alreadyMessage) throw new Conflict(props.alreadyMessage);
  const now = ctx.clock.now();
  const { after, details } = await props.change(now);
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: now,
    action: props.on ? props.actions.on : props.actions.off,
    objectType: props.objectType,
    objectId: after.id,
    details,
  });
  return after;
}
