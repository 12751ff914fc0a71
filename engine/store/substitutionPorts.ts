/** Substitutions: a deputy acts for a principal between two calendar dates (both inclusive). */

export interface Substitution {
  id: string;
  principalId: string;
  deputyId: string;
  /** `YYYY-MM-DD`, in the institution's time zone. */
  fromDate: string;
  /** `YYYY-MM-DD`, inclusive. */
  toDate: string;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface NewSubstitution {
  principalId: string;
  deputyId: string;
  fromDate: string;
  toDate: string;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface SubstitutionRepository {
  /** Invalid for a principal who is the deputy, dates in the wrong order or an unknown user. */
  insert(substitution: NewSubstitution): Promise<Substitution>;
  get(id: string): Promise<Substitution | null>;
  /** Newest first; with `userId`, those where the user is principal or deputy. */
  list(filter?: { userId?: string }): Promise<Substitution[]>;
  /** NotFound for an unknown id, Conflict when it is revoked already. */
  revoke(id: string, revokedBy: string | null, at: Date): Promise<Substitution>;
  /** The substitutions not revoked in which `deputyId` acts on `date` (`YYYY-MM-DD`). */
  activeForDeputy(deputyId: string, date: string): Promise<Substitution[]>;
}
