/** What Kanceleja keeps in a session: the logged-in user's id (the CSRF token is csrf-sync's). */
declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** The document this person has just registered: its card says so once ("Registered as …"). */
    justRegistered?: string;
    /**
     * A password was right but the second factor is still to come (web/auth/login.ts): who, and
     * until when (ms since the epoch). No `userId` until then.
     */
    pendingSecondFactor?: { userId: string; until: number };
    /** Where `POST /logout` sends the browser to end the sign-in at an OpenID provider too (oidcSignIn.ts). */
    signOutUrl?: string;
  }
}

export {};
