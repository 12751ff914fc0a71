/** Ports for the second factor of local administrators: a TOTP secret and one-time recovery codes. */

export interface SecondFactor {
  userId: string;
  /** Base32 TOTP secret. */
  secret: string;
  createdAt: Date;
  /** When the person confirmed it with a code; null while they are still enrolling. */
  enrolledAt: Date | null;
  /** The last accepted time step (`floor(unix seconds / period)`), or null. */
  lastTimeStep: number | null;
  /** Recovery codes not used yet. */
  recoveryCodesLeft: number;
}

export interface SecondFactorRepository {
  get(userId: string): Promise<SecondFactor | null>;
  /**
   * Starts an enrolment with `secret` (not in force until `confirm`); replaces an unconfirmed one.
   * Returns false, changing nothing, when the user already has a factor in force.
   */
  begin(userId: string, secret: string, now: Date): Promise<boolean>;
  /**
   * Puts the pending `secret` in force, accepts `timeStep` and keeps the recovery code hashes (their
   * SHA-256, hex). False when no enrolment with that secret is pending.
   */
  confirm(
    userId: string,
    props: { secret: string; timeStep: number; recoveryCodeHashes: string[]; now: Date },
  ): Promise<boolean>;
  /**
   * Accepts `timeStep` for a factor in force, atomically: false when it is not later than the last
   * accepted one (a code reused within its window, or by a concurrent request).
   */
  acceptTimeStep(userId: string, timeStep: number): Promise<boolean>;
  /** Marks a recovery code used, atomically; false when it is unknown or already used. */
  useRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean>;
  /** Removes the factor (pending or in force) and its recovery codes; false when there was none. */
  remove(userId: string): Promise<boolean>;
}
