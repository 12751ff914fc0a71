/**
 * Port of guest invitations (issue 18): an outside person invited by e-mail to one task of one
 * document, and the one-time sign-in links sent to them (kept only as SHA-256 hashes).
 */

export const GUEST_PURPOSES = ['comment', 'endorse'] as const;
export type GuestPurpose = (typeof GUEST_PURPOSES)[number];

export interface GuestInvitation {
  id: string;
  documentId: string;
  taskId: string;
  inviterId: string;
  guestName: string;
  guestEmail: string;
  purpose: GuestPurpose;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  createdAt: Date;
}

export interface NewGuestInvitation {
  documentId: string;
  taskId: string;
  inviterId: string;
  guestName: string;
  guestEmail: string;
  purpose: GuestPurpose;
  expiresAt: Date;
  createdAt: Date;
}

export interface NewGuestSignInToken {
  invitationId: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

/** What using a sign-in token came to: its invitation, or why not. */
export type GuestTokenUse =
  { outcome: 'used_now'; invitationId: string } | { outcome: 'unknown' | 'used' | 'expired' };

export interface GuestInvitationRepository {
  insert(invitation: NewGuestInvitation): Promise<GuestInvitation>;
  /** Null for an unknown or malformed id. */
  get(id: string): Promise<GuestInvitation | null>;
  /** The invitations to a task, revoked and expired ones too, newest first. */
  listByTask(taskId: string): Promise<GuestInvitation[]>;
  /** NotFound when absent, Conflict when already revoked. */
  revoke(id: string, revokedBy: string, at: Date): Promise<GuestInvitation>;
  /** Conflict when the hash is already used. */
  insertToken(token: NewGuestSignInToken): Promise<void>;
  /**
   * Marks the token used at `at` when it is unused and not expired, atomically: of two concurrent
   * uses, one gets `used_now` and the other `used`.
   */
  useToken(tokenHash: string, at: Date): Promise<GuestTokenUse>;
}
