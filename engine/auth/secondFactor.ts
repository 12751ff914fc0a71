/**
 * A second factor for local administrators (issue 18): TOTP codes (RFC 6238, 6 digits every 30 s,
 * the apps people already have) and ten one-time recovery codes. `ADMIN_SECOND_FACTOR` says whether
 * an administrator must have one (`required`) or may (`optional`); once enrolled, it is always asked.
 *
 * A code is accepted once: the last accepted time step is kept, and a code of that step or an earlier
 * one is refused. A refused code counts toward the same lockout as a wrong password (`user:<name>`,
 * `ip:<address>`), and also under `second_factor:<user id>`, which a right password does not clear:
 * otherwise the password, known to whoever is guessing, would reset the count before every guess.
 * Recovery codes are kept only as SHA-256 hashes (random codes of 50 bits: a slow hash adds nothing).
 */
import { createHash, randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import { Secret, TOTP } from 'otpauth';
import type { LoginConfig } from '../config.js';
import {
  type Actor,
  actorFromUser,
  auditActor,
  type Clock,
  settingsOf,
  type UseCaseContext,
} from '../context.js';
import { Forbidden, Invalid, NotFound } from '../errors.js';
import type { JsonValue, Store, User } from '../store/ports.js';
import { LoginLocked } from './loginErrors.js';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** Codes of the step before and after are accepted too: phone clocks drift. */
const WINDOW = 1;
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_CODE_LENGTH = 10;

/** A code (TOTP or recovery) that was wrong, already used, or no factor to check it against. */
export class SecondFactorRefused extends Error {
  readonly code = 'second_factor_refused' as const;
  constructor() {
    super('The code is wrong or has already been used.');
    this.name = 'SecondFactorRefused';
  }
}

/** What signing in needs from the app: the store, the time, the lockout limits and the setting. */
export interface SecondFactorDeps {
  store: Store;
  clock: Clock;
  limits: LoginConfig;
}

/** What a user must do after a right password: nothing, enter a code, or enrol first. */
export type SecondFactorStep = 'none' | 'verify' | 'enrol';

/** Who may have a second factor: local accounts with the administrator role. */
export const mayEnrol = (user: Pick<User, 'source' | 'roles'>): boolean =>
  user.source === 'local' && user.roles.includes('admin');

/** The step `user` faces after a right password. */
export async function secondFactorStep(deps: SecondFactorDeps, user: User): Promise<SecondFactorStep> {
  const factor = await deps.store.secondFactors.get(user.id);
  if (factor?.enrolledAt) return 'verify';
  if (mayEnrol(user) && deps.limits.adminSecondFactor === 'required') return 'enrol';
  return 'none';
}

const totpOf = (secret: string, label = '', issuer = ''): TOTP =>
  new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });

/** The time step a six-digit `code` belongs to at `now`, or null when it is none of the window's. */
function timeStepOf(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(secret).validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** A code as typed: spaces and dashes dropped, lower case. */
const normaliseCode = (code: string): string => code.replace(/[\s-]/g, '').toLowerCase();

const hashRecoveryCode = (userId: string, code: string): string =>
  createHash('sha256')
    .update(`${userId}:${normaliseCode(code)}`)
    .digest('hex');

function newRecoveryCode(): string {
  let code = '';
  for (let i = 0; i < RECOVERY_CODE_LENGTH; i += 1)
    code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

function requireSelf(ctx: UseCaseContext, userId: string, doing: string): void {
  if (ctx.actor.id !== userId) throw new Forbidden(`Only the person themself may ${doing}.`);
}

async function userOf(ctx: UseCaseContext, userId: string): Promise<User> {
  const user = await ctx.store.users.get(userId);
  if (!user) throw new NotFound(`no such user: ${userId}`, 'problem.noUser', { username: userId });
  return user;
}

const audit = (
  store: Pick<Store, 'audit'>,
  actor: Actor,
  at: Date,
  action: string,
  user: User,
  details: { [key: string]: JsonValue } = {},
) =>
  store.audit.append({
    ...auditActor(actor),
    occurredAt: at,
    action,
    objectType: 'user',
    objectId: user.id,
    details: { username: user.username, ...details },
  });

export interface SecondFactorStatus {
  /** Whether the user may have one at all (a local administrator). */
  mayEnrol: boolean;
  enrolled: boolean;
  enrolledAt: Date | null;
  recoveryCodesLeft: number;
  /** `ADMIN_SECOND_FACTOR=required` and the user may enrol: they may not remove it. */
  required: boolean;
}

/** The user's own second factor, or, for an administrator, anyone's. */
export async function secondFactorStatus(
  ctx: UseCaseContext,
  props: { userId: string; setting?: LoginConfig['adminSecondFactor'] },
): Promise<SecondFactorStatus> {
  if (ctx.actor.id !== props.userId && !ctx.actor.roles.includes('admin')) {
    throw new Forbidden('Only the person themself or an administrator may see a second factor.');
  }
  const user = await userOf(ctx, props.userId);
  const factor = await ctx.store.secondFactors.get(user.id);
  const enrolled = factor?.enrolledAt !== null && factor?.enrolledAt !== undefined;
  return {
    mayEnrol: mayEnrol(user),
    enrolled,
    enrolledAt: factor?.enrolledAt ?? null,
    recoveryCodesLeft: enrolled ? (factor?.recoveryCodesLeft ?? 0) : 0,
    required: mayEnrol(user) && props.setting === 'required',
  };
}

export interface Enrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** `otpauth://totp/…`, what the QR code holds. */
  uri: string;
  /** The QR code as an SVG element. */
  qrSvg: string;
}

/**
 * Starts (or starts again) the enrolment of the actor's own second factor: a new secret, not in
 * force until `confirmSecondFactorEnrolment`. Refused when one is already in force (remove it first).
 */
export async function beginSecondFactorEnrolment(
  ctx: UseCaseContext,
  props: { userId: string },
): Promise<Enrolment> {
  requireSelf(ctx, props.userId, 'enrol a second factor');
  const user = await userOf(ctx, props.userId);
  if (!mayEnrol(user)) throw new Forbidden('Only local administrator accounts have a second factor.');
  const secret = new Secret({ size: 20 }).base32;
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.secondFactors.begin(user.id, secret, now))) {
      throw new Invalid('A second factor is already enrolled: remove it first.', [
        { field: 'code', message: 'a second factor is already enrolled' },
      ]);
    }
    await audit(tx, ctx.actor, now, 'auth.second_factor_enrolment_started', user);
  });
  const uri = totpOf(secret, user.username, settingsOf(ctx).institutionName ?? 'Kanceleja').toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

/** The enrolment as it stands (to show the QR again after a wrong code), or null when none is pending. */
export async function pendingEnrolment(
  ctx: UseCaseContext,
  props: { userId: string },
): Promise<Enrolment | null> {
  requireSelf(ctx, props.userId, 'enrol a second factor');
  const user = await userOf(ctx, props.userId);
  const factor = await ctx.store.secondFactors.get(user.id);
  if (!factor || factor.enrolledAt) return null;
  const uri = totpOf(factor.secret, user.username, settingsOf(ctx).institutionName ?? 'Kanceleja').toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: factor.secret, uri, qrSvg };
}

/**
 * Puts the pending second factor in force with a code from the app. Returns the recovery codes:
 * shown this once, only their hashes are kept. Throws SecondFactorRefused on a wrong code (not
 * counted toward the lockout: the secret was made moments ago and guessing it gains nothing).
 */
export async function confirmSecondFactorEnrolment(
  ctx: UseCaseContext,
  props: { userId: string; code: string },
): Promise<{ recoveryCodes: string[] }> {
  requireSelf(ctx, props.userId, 'enrol a second factor');
  const user = await userOf(ctx, props.userId);
  const now = ctx.clock.now();
  const factor = await ctx.store.secondFactors.get(user.id);
  if (!factor || factor.enrolledAt)
    throw new Invalid('No enrolment is pending.', [{ field: 'code', message: 'no enrolment is pending' }]);
  const step = timeStepOf(factor.secret, normaliseCode(props.code), now);
  if (step === null) {
    await audit(ctx.store, ctx.actor, now, 'auth.second_factor_failed', user, { stage: 'enrolment' });
    throw new SecondFactorRefused();
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const confirmed = await ctx.store.transaction(async (tx) => {
    const done = await tx.secondFactors.confirm(user.id, {
      secret: factor.secret,
      timeStep: step,
      recoveryCodeHashes: recoveryCodes.map((code) => hashRecoveryCode(user.id, code)),
      now,
    });
    if (done) await audit(tx, ctx.actor, now, 'auth.second_factor_enrolled', user);
    return done;
  });
  // Another request confirmed or restarted it in between.
  if (!confirmed) throw new SecondFactorRefused();
  return { recoveryCodes };
}

interface CodeCheck {
  user: User;
  code: string;
  ip: string;
}

/**
 * Checks a second-factor code at sign-in, after the password: a six-digit TOTP code or a recovery
 * code (used up). Throws LoginLocked while any of the user's or address's keys is locked, and
 * SecondFactorRefused on a wrong or reused code, which counts toward the lockout. Audited either way.
 */
export async function verifySignInCode(deps: SecondFactorDeps, props: CodeCheck): Promise<void> {
  const code = normaliseCode(props.code);
  if (/^\d+$/.test(code)) await checkCode(deps, props, 'totp');
  else await checkCode(deps, props, 'recovery');
}

/** Signs in with a one-time recovery code instead of the app's code (a lost phone). */
export async function useRecoveryCode(deps: SecondFactorDeps, props: CodeCheck): Promise<void> {
  await checkCode(deps, props, 'recovery');
}

const throttleKeys = (user: User, ip: string) => ({
  user: `user:${user.username.toLowerCase()}`,
  ip: `ip:${ip}`,
  factor: `second_factor:${user.id}`,
});

async function checkCode(deps: SecondFactorDeps, props: CodeCheck, kind: 'totp' | 'recovery'): Promise<void> {
  const { store, clock, limits } = deps;
  const { user, ip } = props;
  const keys = throttleKeys(user, ip);
  const lockedUntil = await store.loginThrottle.lockedUntil([keys.user, keys.ip, keys.factor], clock.now());
  if (lockedUntil) throw new LoginLocked(lockedUntil);

  const now = clock.now();
  const code = normaliseCode(props.code);
  const actor = actorFromUser(user);
  const factor = await store.secondFactors.get(user.id);
  let accepted = false;
  let reason = 'no second factor enrolled';
  if (factor?.enrolledAt) {
    if (kind === 'totp') {
      const step = timeStepOf(factor.secret, code, now);
      reason = step === null ? 'wrong code' : 'code already used';
      accepted = step !== null && (await store.secondFactors.acceptTimeStep(user.id, step));
    } else {
      reason = 'wrong or used recovery code';
      accepted =
        code !== '' &&
        (await store.secondFactors.useRecoveryCode(user.id, hashRecoveryCode(user.id, code), now));
    }
  }

  if (accepted) {
    await store.loginThrottle.clear(keys.factor);
    await store.loginThrottle.clear(keys.user);
    await audit(
      store,
      actor,
      now,
      kind === 'totp' ? 'auth.second_factor_verified' : 'auth.recovery_code_used',
      user,
      {
        ip,
        ...(kind === 'recovery'
          ? { recoveryCodesLeft: Math.max(0, (factor?.recoveryCodesLeft ?? 1) - 1) }
          : {}),
      },
    );
    return;
  }

  await audit(store, actor, now, 'auth.second_factor_failed', user, { ip, kind, reason });
  const lockoutSeconds = limits.lockoutMinutes * 60;
  for (const key of [keys.user, keys.ip, keys.factor]) {
    const maxFailures = key === keys.ip ? limits.maxAttemptsPerIp : limits.maxAttempts;
    const count = await store.loginThrottle.recordFailure(key, now, { maxFailures, lockoutSeconds });
    if (count.lockedNow && count.lockedUntil) {
      await audit(store, actor, now, 'auth.locked', user, {
        ip,
        key,
        until: count.lockedUntil.toISOString(),
        failures: count.failures,
      });
    }
  }
  throw new SecondFactorRefused();
}

/**
 * Whether the second factor of `user` is locked out at sign-in (too many wrong codes): checked
 * right after the password, before a code is asked for. Throws LoginLocked then.
 */
export async function refuseLockedSecondFactor(deps: SecondFactorDeps, user: User): Promise<void> {
  const lockedUntil = await deps.store.loginThrottle.lockedUntil(
    [`second_factor:${user.id}`],
    deps.clock.now(),
  );
  if (lockedUntil) throw new LoginLocked(lockedUntil);
}

/**
 * Removes the actor's own second factor (a new phone: remove, then enrol again), with a current code
 * or a recovery code: a session left open is not enough. A wrong code counts toward the lockout.
 */
export async function removeOwnSecondFactor(
  ctx: UseCaseContext,
  deps: SecondFactorDeps,
  props: { userId: string; code: string; ip: string },
): Promise<void> {
  requireSelf(ctx, props.userId, 'remove their second factor');
  const user = await userOf(ctx, props.userId);
  await verifySignInCode(deps, { user, code: props.code, ip: props.ip });
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    if (await tx.secondFactors.remove(user.id)) {
      await audit(tx, ctx.actor, now, 'auth.second_factor_removed', user);
    }
  });
}

/**
 * An administrator resets another user's second factor (a lost phone and no recovery codes): the
 * person signs in with the password alone again, or enrols anew where it is required.
 */
export async function resetSecondFactor(ctx: UseCaseContext, props: { userId: string }): Promise<boolean> {
  if (!ctx.actor.roles.includes('admin'))
    throw new Forbidden('Only an administrator may reset a second factor.', 'refusal.adminOnly', {
      doing: 'reset a second factor',
    });
  if (ctx.actor.id === props.userId) {
    throw new Forbidden(
      'An administrator resets the second factor of others; remove your own on your account page.',
    );
  }
  const user = await userOf(ctx, props.userId);
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const removed = await tx.secondFactors.remove(user.id);
    if (removed) await audit(tx, ctx.actor, now, 'auth.second_factor_reset', user);
    return removed;
  });
}
