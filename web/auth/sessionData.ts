/** What Kanceleja keeps in a session: the logged-in user's id (the CSRF token is csrf-sync's). */
declare module 'express-session' {
  interface SessionData {
    userId?: string;
  }
}

export {};
