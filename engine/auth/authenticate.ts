/**
 * The login use case. A known local account (the embedded default users, a break-glass admin) is
 * checked against its argon2 hash only, so it works while the directory is down and a directory
 * entry of the same name cannot take it over. Anyone else is asked of the directory when one is
 * configured. Failures count per username and per address; too many lock both for a while.
 */
import type { LoginConfig } from '../config.js';
import { type Clock, actorFromUser, auditActor } from '../context.js';
import type { Logger } from '../logger.js';
import type { JsonValue, Store, User } from '../store/ports.js';
import { type Directory, DirectoryUnavailable } from './ldapDirectory.js';
import { LoginDeactivated, LoginLocked, LoginRefused } from './loginErrors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { type DirectoryMapping, deactivateUser, syncDirectoryUser } from './syncDirectoryUser.js';

export interface AuthenticateDeps {
  store: Store;
  clock: Clock;
  /** The LDAP / AD directory and its group mapping; null when `LDAP_URL` is unset. */
  directory: { client: Directory; mapping: DirectoryMapping } | null;
  limits: LoginConfig;
  logger?: Logger;
}

export interface Credentials {
  username: string;
  password: string;
  /** The client's address, as express sees it after `TRUST_PROXY`. */
  ip: string;
}

/** At most this long; control characters never (they cannot be a name, and NUL breaks SQL text). */
const USERNAME = /^[^\p{Cc}]{1,200}$/u;

type Outcome = { user: User } | { failure: string };

/** The failure of a correct password for a deactivated account: the only one the person is told. */
const DEACTIVATED = 'account deactivated';

let dummyHash: Promise<string> | undefined;
/** Spends the time of a password check, so that an unknown name answers no faster than a known one. */
const verifyNothing = async (password: string): Promise<void> => {
  dummyHash ??= hashPassword('kanceleja-no-such-account');
  await verifyPassword(await dummyHash, password);
};

async function checkCredentials(
  deps: AuthenticateDeps,
  username: string,
  password: string,
): Promise<Outcome> {
  const { store, clock, directory } = deps;
  if (password === '') return { failure: 'empty password' };
  const existing = await store.users.getByUsername(username);
  if (existing?.source === 'local') {
    const hash = await store.users.passwordHash(username);
    if (!hash || !(await verifyPassword(hash, password))) return { failure: 'wrong password' };
    return existing.active ? { user: existing } : { failure: DEACTIVATED };
  }
  if (!directory) {
    await verifyNothing(password);
    return { failure: existing ? 'directory not configured' : 'unknown user' };
  }

  const answer = await directory.client.login(username, password);
  if (answer.outcome === 'wrong_password') return { failure: 'wrong password' };
  if (answer.outcome === 'unknown_user') {
    if (existing?.active) {
      await store.transaction((tx) =>
        deactivateUser(tx, clock.now(), existing, 'no longer in the directory'),
      );
    }
    return { failure: 'unknown user' };
  }
  const user = await syncDirectoryUser(
    store,
    clock.now(),
    existing?.username ?? username.toLowerCase(),
    answer.person,
    directory.mapping,
    deps.logger,
  );
  if (user) return { user };
  // The directory accepted the password but grants no access: an account kept here is deactivated.
  return { failure: existing ? DEACTIVATED : 'in no mapped directory group' };
}

/**
 * Returns the logged-in user. Throws LoginRefused (wrong credentials or no access; LoginDeactivated
 * when the password was right but the account is deactivated), LoginLocked
 * (too many failures), or DirectoryUnavailable (the directory cannot be asked; not counted).
 */
export async function authenticate(deps: AuthenticateDeps, credentials: Credentials): Promise<User> {
  const { store, clock, limits } = deps;
  const username = credentials.username.normalize('NFC').trim();
  const wellFormed = USERNAME.test(username);
  // A malformed name is counted against the address only: it names no account to protect.
  const userKey = wellFormed ? `user:${username.toLowerCase()}` : null;
  const ipKey = `ip:${credentials.ip}`;
  const keys = userKey ? [userKey, ipKey] : [ipKey];

  const lockedUntil = await store.loginThrottle.lockedUntil(keys, clock.now());
  if (lockedUntil) throw new LoginLocked(lockedUntil);

  const outcome = wellFormed
    ? await checkCredentials(deps, username, credentials.password).catch((error: unknown) => {
        // Not the user's fault: not counted against them, but the administrator must hear of it.
        if (error instanceof DirectoryUnavailable)
          deps.logger?.error({ err: error }, 'login: directory unavailable');
        throw error;
      })
    : { failure: 'malformed username' };

  const now = clock.now();
  const audit = (action: string, user: User | null, details: { [key: string]: JsonValue }) =>
    store.audit.append({
      ...(user
        ? auditActor(actorFromUser(user))
        : { actorId: null, actorName: username.replace(/\p{Cc}/gu, '\uFFFD').slice(0, 200) }),
      occurredAt: now,
      action,
      objectType: 'user',
      objectId: user?.id ?? null,
      details: { ip: credentials.ip, ...details },
    });

  if ('user' in outcome) {
    if (userKey) await store.loginThrottle.clear(userKey);
    await audit('auth.login', outcome.user, { source: outcome.user.source });
    return outcome.user;
  }

  const lockoutSeconds = limits.lockoutMinutes * 60;
  await audit('auth.login_failed', null, { reason: outcome.failure });
  for (const key of keys) {
    const maxFailures = key === ipKey ? limits.maxAttemptsPerIp : limits.maxAttempts;
    const count = await store.loginThrottle.recordFailure(key, now, { maxFailures, lockoutSeconds });
    if (count.lockedNow && count.lockedUntil) {
      await audit('auth.locked', null, {
        key,
        until: count.lockedUntil.toISOString(),
        failures: count.failures,
      });
    }
  }
  throw outcome.failure === DEACTIVATED ? new LoginDeactivated() : new LoginRefused();
}
