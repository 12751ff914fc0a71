/**
 * What a guest's session holds: their invitation's id under its own key, never `userId` (see
 * guestSignIn.ts). A session is either a staff member's or a guest's: signing in either way starts a
 * new one.
 */
import type { Request } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** A guest from another institution, signed in by their invitation's link (issue 18). */
    guest?: { invitationId: string };
  }
}

/** The invitation of the request's guest session, or null. */
export const sessionGuest = (req: Request): string | null => req.session?.guest?.invitationId ?? null;

export const guestDocumentPath = (documentId: string): string => `/guest/documents/${documentId}`;
