/** What Kanceleja keeps in a session: the logged-in user's id (the CSRF token is csrf-sync's). */
declare module 'express-session' {
  interface SessionData {
    userId?: string;
    /** The document this person has just registered: its card says so once ("Registered as …"). */
    justRegistered?: string;
  }
}

export {};
