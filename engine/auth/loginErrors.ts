/**
 * Why a login did not succeed, as the web layer needs to tell them apart (401, 429, 503). They are
 * not domain errors: the message never says whether the username exists.
 */

/** Wrong username or password, or no access (deactivated, in no mapped group). */
export class LoginRefused extends Error {
  readonly code = 'login_refused' as const;
  constructor() {
    super('Wrong username or password.');
    this.name = 'LoginRefused';
  }
}

/** Too many failed logins for this username or from this address: wait until `lockedUntil`. */
export class LoginLocked extends Error {
  readonly code = 'login_locked' as const;
  constructor(readonly lockedUntil: Date) {
    super('Too many failed logins; try again later.');
    this.name = 'LoginLocked';
  }

  /** Whole seconds from `now` until the lock ends (at least 1), for `Retry-After`. */
  retryAfterSeconds(now: Date): number {
    return Math.max(1, Math.ceil((this.lockedUntil.getTime() - now.getTime()) / 1000));
  }
}

/**
 * The password was right but the account is deactivated (by an administrator, or by the directory
 * no longer granting access). Told only after a correct password, so it reveals nothing to someone
 * guessing names; a wrong password stays a plain LoginRefused.
 */
export class LoginDeactivated extends LoginRefused {
  constructor() {
    super();
    this.message = 'This account is deactivated.';
    this.name = 'LoginDeactivated';
  }
}
