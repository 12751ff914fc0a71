/**
 * express-session's Store over the session repository: sessions live in the database, so they
 * survive a restart and are shared by every server process behind a load balancer.
 */
import session from 'express-session';
import { type Clock, systemClock } from '../../engine/context.js';
import type { JsonValue } from '../../engine/store/ports.js';
import type { SessionRepository } from '../../engine/store/authPorts.js';

/** Expired sessions are swept at most this often, by whichever process writes a session. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

type Callback = (error?: unknown) => void;

export class DatabaseSessionStore extends session.Store {
  private lastSweep = 0;

  constructor(
    private readonly sessions: SessionRepository,
    /** Fallback lifetime of a session whose cookie has no expiry. */
    private readonly maxAgeMs: number,
    private readonly clock: Clock = systemClock,
  ) {
    super();
  }

  override get(sid: string, callback: (error: unknown, data?: session.SessionData | null) => void): void {
    this.sessions.get(sid, this.clock.now()).then(
      (stored) => callback(null, stored ? (stored.data as unknown as session.SessionData) : null),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    const now = this.clock.now();
    // The JSON round trip turns the cookie's Date into a string, as express-session expects back.
    const json = JSON.parse(JSON.stringify(data)) as { [key: string]: JsonValue };
    const saved = this.sessions.save({
      sid,
      userId: data.userId ?? null,
      data: json,
      expiresAt: this.expiry(data, now),
    });
    saved
      .then(() => this.sweep(now))
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    this.sessions.touch(sid, this.expiry(data, this.clock.now())).then(
      () => callback?.(),
      // express-session's touch callback takes no error; a failed touch only shortens the session.
      () => callback?.(),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.sessions.destroy(sid).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  private expiry(data: session.SessionData, now: Date): Date {
    const expires = data.cookie?.expires;
    return expires ? new Date(expires) : new Date(now.getTime() + this.maxAgeMs);
  }

  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now.getTime();
    await this.sessions.destroyExpired(now);
  }
}
