/** Port of API tokens: long-lived credentials of integrations, each acting as a named user. */

export interface ApiToken {
  id: string;
  /** What the token is for, e.g. `e-adrese import`. */
  name: string;
  /** The user the token acts as. */
  userId: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface NewApiToken {
  name: string;
  userId: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  tokenHash: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface ApiTokenRepository {
  /** Conflict when the hash is already used (a token made twice). */
  insert(token: NewApiToken): Promise<ApiToken>;
  get(id: string): Promise<ApiToken | null>;
  /** Every token, revoked ones too, newest first. */
  list(): Promise<ApiToken[]>;
  /** The token with this hash unless it is revoked, or null. */
  findActiveByHash(tokenHash: string): Promise<ApiToken | null>;
  /** NotFound when absent, Conflict when already revoked. */
  revoke(id: string, revokedBy: string | null, at: Date): Promise<ApiToken>;
  /** Records a use; at most the latest instant is kept. */
  touch(id: string, at: Date): Promise<void>;
}
