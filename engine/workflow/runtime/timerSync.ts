/**
 * The timer jobs of a step: timers that fired are finished, pending ones the engine no longer runs
 * are cancelled, and each running timer has its job (inserted once per execution). Shared by every
 * step (persistStep) and by a migration to another version (migrateInstance).
 */
import type { Repositories } from '../../store/ports.js';
import type { SessionSnapshot } from './engineSession.js';
import type { PendingHistory } from './persistStep.js';

type TimerSnapshot = Pick<SessionSnapshot, 'timers' | 'firedTimers' | 'hadTimers'>;

/** Adds a `timer.scheduled` event to `history` for each job it inserts. */
export async function syncTimers(
  tx: Repositories,
  instanceId: string,
  snapshot: TimerSnapshot,
  now: Date,
  history: PendingHistory[],
): Promise<void> {
  if (snapshot.firedTimers.length > 0) await tx.jobs.finish(instanceId, 'fired', now, snapshot.firedTimers);
  if (snapshot.hadTimers || snapshot.timers.length > 0) {
    await tx.jobs.cancelPendingExcept(
      instanceId,
      snapshot.timers.map((timer) => timer.executionId),
      now,
    );
  }
  for (const timer of snapshot.timers) {
    const scheduled = await tx.jobs.insertIfAbsent({
      instanceId,
      kind: 'timer',
      elementId: timer.elementId,
      executionId: timer.executionId,
      dueAt: timer.dueAt,
      createdAt: now,
    });
    if (scheduled) {
      history.push({
        type: 'timer.scheduled',
        elementId: timer.elementId,
        details: { dueAt: timer.dueAt.toISOString() },
      });
    }
  }
}
