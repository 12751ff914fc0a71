/** Ports for login: failed-attempt counters with lockout, stored sessions, directory profile updates. */
import type { JsonValue, User } from './ports.js';

export interface LockoutPolicy {
  /** Failures within `lockoutSeconds` that lock the key. */
  maxFailures: number;
  /** How long a lock lasts; also the window in which failures are counted. */
  lockoutSeconds: number;
}

export interface FailureCount {
  failures: number;
  /** Set while the key is locked. */
  lockedUntil: Date | null;
  /** True when this failure is the one that locked the key. */
  lockedNow: boolean;
}

/**
 * Failed logins per key (`user:anna`, `ip:10.0.0.7`). Kept in the database so that a lockout holds
 * across restarts and across every server process; each failure is one atomic statement.
 */
export interface LoginThrottleRepository {
  /** The latest lock among `keys` still running at `now`, or null. */
  lockedUntil(keys: readonly string[], now: Date): Promise<Date | null>;
  recordFailure(key: string, now: Date, policy: LockoutPolicy): Promise<FailureCount>;
  /** Forgets the failures of `key` (after a successful login). */
  clear(key: string): Promise<void>;
}

export interface StoredSession {
  sid: string;
  /** The logged-in user, if any: lets a deactivation end that user's sessions. */
  userId: string | null;
  data: { [key: string]: JsonValue };
  expiresAt: Date;
}

export interface SessionRepository {
  /** The session, unless it is missing or expired at `now`. */
  get(sid: string, now: Date): Promise<StoredSession | null>;
  /** Creates or replaces the session. */
  save(session: StoredSession): Promise<void>;
  touch(sid: string, expiresAt: Date): Promise<void>;
  destroy(sid: string): Promise<void>;
  /** Ends every session of a user; returns how many there were. */
  destroyForUser(userId: string): Promise<number>;
  /** Removes sessions expired at `now`; returns how many. */
  destroyExpired(now: Date): Promise<number>;
}

export interface DirectoryProfile {
  displayName: string;
  email: string | null;
  departmentId: string | null;
}

/** Updates what the directory owns of a user (roles go through `UserRepository.setRoles`). */
export interface UserProfileRepository {
  update(id: string, profile: DirectoryProfile): Promise<User>;
}
