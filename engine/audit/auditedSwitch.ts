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

/** A change made now by the acting user, and the audit event that says so. */
export interface AuditedChange<T extends { id: string }> {
  action: string;
  objectType: string;
  /** Makes the change at `now`; returns the changed thing and what its audit event tells of it. */
  change: (now: Date) => Promise<{ after: T; details: { [key: string]: JsonValue } }>;
}

/** Makes a change inside the caller's transaction and appends its audit event, both at one instant. */
export async function changeAudited<T extends { id: string }>(
  ctx: UseCaseContext,
  tx: Pick<Repositories, 'audit'>,
  props: AuditedChange<T>,
): Promise<T> {
  const now = ctx.clock.now();
  const { after, details } = await props.change(now);
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: now,
    action: props.action,
    objectType: props.objectType,
    objectId: after.id,
    details,
  });
  return after;
}

export async function switchAudited<T extends { id: string }>(
  ctx: UseCaseContext,
  tx: Pick<Repositories, 'audit'>,
  props: AuditedSwitch<T>,
): Promise<T> {
  if (props.alreadyMessage) throw new Conflict(props.alreadyMessage);
  return changeAudited(ctx, tx, {
    action: props.on ? props.actions.on : props.actions.off,
    objectType: props.objectType,
    change: props.change,
  });
}

/**
 * Deactivating or reactivating an administered thing (a department, a user): audited as
 * `<objectType>.deactivated` / `.reactivated`; switching it to the state it is in already is a Conflict.
 */
export function switchActive<T extends { id: string }>(
  ctx: UseCaseContext,
  tx: Pick<Repositories, 'audit'>,
  props: {
    objectType: 'department' | 'user';
    /** How the Conflict names it: a department's code, a user's username. */
    label: string;
    wasActive: boolean;
    active: boolean;
    change: AuditedSwitch<T>['change'];
  },
): Promise<T> {
  const { objectType, active } = props;
  return switchAudited(ctx, tx, {
    on: active,
    objectType,
    actions: { on: `${objectType}.reactivated`, off: `${objectType}.deactivated` },
    alreadyMessage:
      props.wasActive === active
        ? `${objectType} ${props.label} is ${active ? 'active' : 'inactive'} already`
        : null,
    change: props.change,
  });
}
