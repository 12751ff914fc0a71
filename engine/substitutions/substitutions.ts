/**
 * Substitutions as use cases: administrators set a deputy for anyone; every user may set their own
 * deputy (the person who stands in for them while they are away) and revoke it. Dates are calendar
 * dates in the institution's time zone, both inclusive.
 */
import { changeAudited } from '../audit/auditedSwitch.js';
import { hasRole } from '../policies/roles.js';
import { localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Forbidden, NotFound } from '../errors.js';
import { Problems } from '../kernel/problems.js';
import type { User } from '../store/ports.js';
import type { Substitution } from '../store/substitutionPorts.js';
import { maySetDeputyFor } from '../policies/substitution.js';

export interface CreateSubstitutionProps {
  /** Who is away; a non-administrator may only name themselves. */
  principalId: string;
  /** Who stands in. */
  deputyId: string;
  fromDate: string;
  toDate: string;
  reason?: string;
}

/** The longest a substitution may run: a stand-in for longer is a change of post, not an absence. */
const MAX_DAYS = 366;

function requireMayManage(ctx: UseCaseContext, principalId: string): void {
  if (ctx.actor.id === null) throw new Forbidden('The system sets no substitutions.');
  if (!maySetDeputyFor(ctx.actor, principalId)) {
    throw new Forbidden('Only an administrator may set a deputy for someone else.', 'refusal.adminOnly', {
      doing: 'set a deputy for someone else',
    });
  }
}

export async function createSubstitution(
  ctx: UseCaseContext,
  props: CreateSubstitutionProps,
): Promise<Substitution> {
  requireMayManage(ctx, props.principalId);
  const problems = new Problems();
  const fromDate = problems.date('fromDate', props.fromDate);
  const toDate = problems.date('toDate', props.toDate);
  if (!props.fromDate) problems.add('fromDate', 'is required', 'problem.required');
  if (!props.toDate) problems.add('toDate', 'is required', 'problem.required');
  const reason = problems.optionalText('reason', props.reason, 500) ?? '';
  if (fromDate && toDate) {
    if (toDate < fromDate)
      problems.add('toDate', 'must not be before the first day', 'admin.problem.dateOrder');
    const days = (Date.parse(toDate) - Date.parse(fromDate)) / 86_400_000;
    if (days >= MAX_DAYS)
      problems.add('toDate', `a substitution may last at most ${MAX_DAYS} days`, 'admin.problem.tooLong');
    if (toDate < localDate(ctx.clock.now(), settingsOf(ctx).timeZone)) {
      problems.add('toDate', 'is in the past', 'admin.problem.past');
    }
  }
  if (props.principalId === props.deputyId)
    problems.add('deputyId', 'must be someone else', 'admin.problem.someoneElse');
  return ctx.store.transaction(async (tx) => {
    const principal = await tx.users.get(props.principalId);
    const deputy = await tx.users.get(props.deputyId);
    if (!principal) problems.add('principalId', 'no such active user', 'admin.problem.noUser');
    if (!deputy || !deputy.active) problems.add('deputyId', 'no such active user', 'admin.problem.noUser');
    problems.check('The substitution cannot be set.');
    return changeAudited(ctx, tx, {
      action: 'substitution.created',
      objectType: 'substitution',
      change: async (now) => {
        const substitution = await tx.substitutions.insert({
          principalId: (principal as User).id,
          deputyId: (deputy as User).id,
          fromDate: fromDate as string,
          toDate: toDate as string,
          reason,
          createdBy: ctx.actor.id,
          createdAt: now,
        });
        const details = {
          principal: (principal as User).username,
          deputy: (deputy as User).username,
          fromDate: substitution.fromDate,
          toDate: substitution.toDate,
          reason,
        };
        return { after: substitution, details };
      },
    });
  });
}

/** Ends a substitution at once; Conflict when it was revoked already. */
export async function revokeSubstitution(ctx: UseCaseContext, props: { id: string }): Promise<Substitution> {
  return ctx.store.transaction(async (tx) => {
    const found = await tx.substitutions.get(props.id);
    if (!found) throw new NotFound(`substitution ${props.id} not found`);
    // Someone else's substitution is "not found" to a non-administrator: its existence is private.
    if (!maySetDeputyFor(ctx.actor, found.principalId)) {
      throw new NotFound(`substitution ${props.id} not found`);
    }
    return changeAudited(ctx, tx, {
      action: 'substitution.revoked',
      objectType: 'substitution',
      change: async (now) => {
        const revoked = await tx.substitutions.revoke(found.id, ctx.actor.id, now);
        return { after: revoked, details: { principalId: revoked.principalId, deputyId: revoked.deputyId } };
      },
    });
  });
}

/** Administrators see every substitution; everyone else those where they are principal or deputy. */
export async function listSubstitutions(ctx: UseCaseContext): Promise<Substitution[]> {
  if (ctx.actor.id === null) throw new Forbidden('The system has no substitutions.');
  return hasRole(ctx.actor, 'admin')
    ? ctx.store.substitutions.list()
    : ctx.store.substitutions.list({ userId: ctx.actor.id });
}

/** Who may be named as a deputy: every active user, by name (everyone may set their own deputy). */
export async function deputyChoices(
  ctx: UseCaseContext,
): Promise<Pick<User, 'id' | 'username' | 'displayName' | 'departmentId'>[]> {
  if (ctx.actor.id === null) throw new Forbidden('The system has no deputies.');
  const users = await ctx.store.users.list();
  return users
    .filter((user) => user.active)
    .map(({ id, username, displayName, departmentId }) => ({ id, username, displayName, departmentId }));
}
