/**
 * Engines kept in memory between steps, so that the next step of a busy instance skips recovering
 * from the stored state. A session is taken out while a step uses it and put back only after that
 * step's transaction committed, tagged with the version it saved: a step finds it only when the
 * stored version is still that one (no other process saved since). Capacity 0 turns it off (every
 * step then recovers a new engine from the database, as after a restart).
 */
import type { EngineSession } from './engineSession.js';

interface HotSession {
  versionNo: number;
  session: EngineSession;
}

const sessions = new Map<string, HotSession>();
let capacity = 200;

export function configureHotSessions(options: { capacity: number }): void {
  capacity = Math.max(0, Math.floor(options.capacity));
  sessions.clear();
}

/** The session that saved version `versionNo` of the instance, removed from the cache; or null. */
export function checkoutHotSession(instanceId: string, versionNo: number): EngineSession | null {
  const hot = sessions.get(instanceId);
  if (!hot) return null;
  sessions.delete(instanceId);
  return hot.versionNo === versionNo ? hot.session : null;
}

/** Keeps `session` as the engine of the instance's committed version `versionNo`. */
export function checkinHotSession(instanceId: string, versionNo: number, session: EngineSession): void {
  if (capacity === 0) return;
  sessions.delete(instanceId);
  sessions.set(instanceId, { versionNo, session });
  // Map order is insertion order: the first entry is the least recently saved.
  while (sessions.size > capacity) {
    const oldest = sessions.keys().next().value;
    if (oldest === undefined) break;
    sessions.delete(oldest);
  }
}

export function forgetHotSession(instanceId: string): void {
  sessions.delete(instanceId);
}
