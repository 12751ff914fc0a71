import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Secret, TOTP } from 'otpauth';
import { createTestStore, storeAdapters } from '../../test/support/storeAdapters.js';
import { type TestClock, testClock } from '../../test/support/testClock.js';
import { aUser } from '../../test/support/builders.js';
import type { LoginConfig } from '../config.js';
import { actorFromUser, type UseCaseContext } from '../context.js';
import { Forbidden } from '../errors.js';
import type { Store, User } from '../store/ports.js';
import { LoginLocked } from './loginErrors.js';
import {
  beginSecondFactorEnrolment,
  confirmSecondFactorEnrolment,
  removeOwnSecondFactor,
  resetSecondFactor,
  SecondFactorRefused,
  type SecondFactorDeps,
  secondFactorStatus,
  secondFactorStep,
  useRecoveryCode,
  verifySignInCode,
} from './secondFactor.js';

const limits: LoginConfig = {
  maxAttempts: 3,
  maxAttemptsPerIp: 10,
  lockoutMinutes: 15,
  adminSecondFactor: 'optional',
};
let day = 0;
/** Each test on a day of its own: failures counted by one never lock another. */
const freshClock = () => testClock(new Date(Date.UTC(2026, 2, 2 + day++, 8, 0, 10)));

const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at.getTime(),
  });

describe('the second factor of local administrators', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: TestClock;
  let deps: SecondFactorDeps;
  beforeAll(async () => {
    const adapter = storeAdapters[0];
    if (!adapter) throw new Error('no store adapter');
    ({ store, dispose } = await createTestStore(adapter));
  });
  afterAll(() => dispose());
  beforeEach(() => {
    clock = freshClock();
    deps = { store, clock, limits };
  });
  const ctxOf = (user: User): UseCaseContext => ({ actor: actorFromUser(user), store, clock });
  const anAdmin = () => aUser(store, { roles: ['admin'] });

  /** An administrator with a factor in force; returns its secret and recovery codes. */
  async function enrolled() {
    const user = await anAdmin();
    const { secret } = await beginSecondFactorEnrolment(ctxOf(user), { userId: user.id });
    clock.advance(30_000);
    const { recoveryCodes } = await confirmSecondFactorEnrolment(ctxOf(user), {
      userId: user.id,
      code: codeAt(secret, clock.now()),
    });
    clock.advance(30_000);
    return { user, secret, recoveryCodes };
  }

  it('asks nothing of users without a factor, and asks enrolment only where it is required', async () => {
    const admin = await anAdmin();
    const registrar = await aUser(store);
    const directoryAdmin = await aUser(store, { roles: ['admin'], source: 'ldap' });

    expect(await secondFactorStep(deps, admin)).toBe('none');
    const required = { ...deps, limits: { ...limits, adminSecondFactor: 'required' as const } };
    expect(await secondFactorStep(required, admin)).toBe('enrol');
    expect(await secondFactorStep(required, registrar)).toBe('none');
    expect(await secondFactorStep(required, directoryAdmin)).toBe('none');
  });

  it('enrols with a QR code and a first code, returns ten recovery codes, and audits it', async () => {
    const user = await anAdmin();

    const enrolment = await beginSecondFactorEnrolment(ctxOf(user), { userId: user.id });

    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(enrolment.qrSvg).toMatch(/^<svg/);
    expect(await secondFactorStep(deps, user)).toBe('none');
    await expect(
      confirmSecondFactorEnrolment(ctxOf(user), {
        userId: user.id,
        code: '000000' === codeAt(enrolment.secret, clock.now()) ? '111111' : '000000',
      }),
    ).rejects.toThrow(SecondFactorRefused);

    const { recoveryCodes } = await confirmSecondFactorEnrolment(ctxOf(user), {
      userId: user.id,
      code: codeAt(enrolment.secret, clock.now()),
    });

    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(recoveryCodes[0]).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(await secondFactorStep(deps, user)).toBe('verify');
    expect(await secondFactorStatus(ctxOf(user), { userId: user.id })).toMatchObject({
      enrolled: true,
      recoveryCodesLeft: 10,
    });
    const actions = (await store.audit.list({ actorId: user.id })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'auth.second_factor_enrolment_started',
        'auth.second_factor_failed',
        'auth.second_factor_enrolled',
      ]),
    );
  });

  it('lets only local administrators enrol, and only themselves', async () => {
    const admin = await anAdmin();
    const registrar = await aUser(store);
    await expect(beginSecondFactorEnrolment(ctxOf(registrar), { userId: registrar.id })).rejects.toThrow(
      Forbidden,
    );
    await expect(beginSecondFactorEnrolment(ctxOf(admin), { userId: registrar.id })).rejects.toThrow(
      Forbidden,
    );
  });

  it('accepts a right code once: the same code again within its window is refused', async () => {
    const { user, secret } = await enrolled();
    const code = codeAt(secret, clock.now());

    await verifySignInCode(deps, { user, code, ip: '10.0.0.1' });
    clock.advance(5_000);
    await expect(verifySignInCode(deps, { user, code, ip: '10.0.0.1' })).rejects.toThrow(SecondFactorRefused);

    clock.advance(30_000);
    await verifySignInCode(deps, { user, code: codeAt(secret, clock.now()), ip: '10.0.0.1' });
    const events = await store.audit.list({ actorId: user.id });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.second_factor_verified']));
    expect(
      events.find(
        (e) => e.action === 'auth.second_factor_failed' && e.details.reason === 'code already used',
      ),
    ).toBeDefined();
  });

  it('refuses a wrong code and locks the account after as many failures as a wrong password', async () => {
    const { user, secret } = await enrolled();
    const right = codeAt(secret, clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    for (let attempt = 1; attempt <= limits.maxAttempts; attempt += 1) {
      await expect(verifySignInCode(deps, { user, code: wrong, ip: '10.0.0.2' })).rejects.toThrow(
        SecondFactorRefused,
      );
    }

    // Locked: even the right code is refused, and the password's lock key is the same.
    await expect(verifySignInCode(deps, { user, code: right, ip: '10.0.0.3' })).rejects.toThrow(LoginLocked);
    expect(
      await store.loginThrottle.lockedUntil([`user:${user.username.toLowerCase()}`], clock.now()),
    ).not.toBeNull();
    // A right password clears `user:`; the second factor's own key still holds the lock.
    await store.loginThrottle.clear(`user:${user.username.toLowerCase()}`);
    await expect(verifySignInCode(deps, { user, code: right, ip: '10.0.0.3' })).rejects.toThrow(LoginLocked);
    const actions = (await store.audit.list({ actorId: user.id })).map((e) => e.action);
    expect(actions).toContain('auth.locked');

    clock.advance(limits.lockoutMinutes * 60_000);
    await verifySignInCode(deps, { user, code: codeAt(secret, clock.now()), ip: '10.0.0.3' });
  });

  it('takes a recovery code once, in any case and with or without its dash', async () => {
    const { user, recoveryCodes } = await enrolled();
    const [first = '', second = ''] = recoveryCodes;

    await useRecoveryCode(deps, { user, code: first.toUpperCase(), ip: '10.0.0.4' });
    await expect(useRecoveryCode(deps, { user, code: first, ip: '10.0.0.4' })).rejects.toThrow(
      SecondFactorRefused,
    );
    await verifySignInCode(deps, { user, code: second.replace('-', ' '), ip: '10.0.0.4' });

    expect(await secondFactorStatus(ctxOf(user), { userId: user.id })).toMatchObject({
      recoveryCodesLeft: 8,
    });
    expect((await store.audit.list({ actorId: user.id })).map((e) => e.action)).toContain(
      'auth.recovery_code_used',
    );
  });

  it("removes one's own factor only with a current code", async () => {
    const { user, secret } = await enrolled();
    const right = codeAt(secret, clock.now());
    const wrong = right === '123456' ? '654321' : '123456';

    await expect(
      removeOwnSecondFactor(ctxOf(user), deps, { userId: user.id, code: wrong, ip: '10.0.0.5' }),
    ).rejects.toThrow(SecondFactorRefused);
    await removeOwnSecondFactor(ctxOf(user), deps, { userId: user.id, code: right, ip: '10.0.0.5' });

    expect(await secondFactorStep(deps, user)).toBe('none');
    expect((await store.audit.list({ actorId: user.id })).map((e) => e.action)).toContain(
      'auth.second_factor_removed',
    );
  });

  it("lets an administrator reset another user's factor, audited, but not their own", async () => {
    const { user } = await enrolled();
    const other = await anAdmin();
    const registrar = await aUser(store);

    await expect(resetSecondFactor(ctxOf(registrar), { userId: user.id })).rejects.toThrow(Forbidden);
    await expect(resetSecondFactor(ctxOf(user), { userId: user.id })).rejects.toThrow(Forbidden);
    expect(await resetSecondFactor(ctxOf(other), { userId: user.id })).toBe(true);

    expect(await secondFactorStep(deps, user)).toBe('none');
    const [event] = (await store.audit.list({ actorId: other.id })).filter(
      (e) => e.action === 'auth.second_factor_reset',
    );
    expect(event).toMatchObject({ objectId: user.id, details: { username: user.username } });
  });
});
