/**
 * Timer start events. A deployed definition whose start event has a timer gets its next occurrence
 * stored as a `timer_start` job; when it falls due the scheduler starts an instance (fireTimerStart)
 * and schedules the occurrence after it. Only the latest version of a key is scheduled: scheduling
 * a new version cancels the pending starts of the older ones.
 *
 * When it runs: `startScheduler` schedules every deployed key before its first pass (so a restart
 * catches up), and a deployment should call `scheduleTimerStarts(ctx, { key })` right after it.
 * Scheduling is idempotent (one job per occurrence), so any number of servers may do it at once.
 */
import { ISOInterval } from '@0dep/piso';
import type { UseCaseContext } from '../../context.js';
import { getParsedDefinition } from '../deployment/definitionCache.js';
import { bpmnExpressions } from '../expressions.js';
import { addIsoDuration } from '../runtime/dueDate.js';
import type { RunnableDefinition } from '../runtime/engineSession.js';

export interface TimerStart {
  elementId: string;
  timerType: 'timeDate' | 'timeCycle' | 'timeDuration';
  value: string;
}

interface SerializedActivity {
  id: string;
  type: string;
  behaviour?: { eventDefinitions?: Array<{ type?: string; behaviour?: Record<string, unknown> }> };
}

/** The timer start events of a definition, with their (expression-free) timer values. */
export async function timerStartsOf(definition: RunnableDefinition): Promise<TimerStart[]> {
  const { sourceContext } = await getParsedDefinition(definition.hash, definition.xml);
  const activities = (sourceContext as unknown as { getActivities(): SerializedActivity[] }).getActivities();
  const starts: TimerStart[] = [];
  for (const activity of activities) {
    if (activity.type !== 'bpmn:StartEvent') continue;
    for (const eventDefinition of activity.behaviour?.eventDefinitions ?? []) {
      if (eventDefinition.type !== 'bpmn:TimerEventDefinition') continue;
      for (const timerType of ['timeDate', 'timeCycle', 'timeDuration'] as const) {
        const raw = eventDefinition.behaviour?.[timerType];
        if (typeof raw !== 'string' || raw.trim() === '') continue;
        // Nothing is running yet: only process-independent expressions make sense here.
        const value = String(
          bpmnExpressions.resolveExpression(raw.trim(), { environment: { variables: {} } }),
        );
        starts.push({ elementId: activity.id, timerType, value });
      }
    }
  }
  return starts;
}

/**
 * The first occurrence of `timer` after `after`, or null when there is none any more (a date or
 * a finite cycle that has passed). A duration counts from `after` (the deployment or the restart).
 */
export function nextOccurrence(timer: TimerStart, after: Date): Date | null {
  switch (timer.timerType) {
    case 'timeDate': {
      const date = new Date(timer.value);
      return date.getTime() > after.getTime() ? date : null;
    }
    case 'timeDuration':
      return addIsoDuration(after, timer.value);
    case 'timeCycle': {
      // `R/<start>/<duration>`: the cycle's first occurrence is its start (piso counts from start + 1).
      const [, first] = timer.value.split('/');
      if (first && !first.startsWith('P')) {
        const start = new Date(first);
        if (start.getTime() > after.getTime()) return start;
      }
      const interval = new ISOInterval(timer.value).parse();
      const next = interval.getExpireAt(after, after);
      return next && next.getTime() > after.getTime() ? next : null;
    }
  }
}

export interface ScheduledStarts {
  /** Occurrences newly stored as jobs. */
  scheduled: number;
}

/** Schedules the next timer starts of the latest version of `key` (of every key when omitted). */
export async function scheduleTimerStarts(
  ctx: UseCaseContext,
  options: { key?: string } = {},
): Promise<ScheduledStarts> {
  const keys = options.key ? [options.key] : await ctx.store.processDefinitions.listKeys();
  let scheduled = 0;
  for (const key of keys) {
    try {
      scheduled += await scheduleKey(ctx, key);
    } catch (error) {
      // One unreadable definition must not keep the others' timers from being scheduled.
      ctx.logger?.error({ err: error, key }, 'could not schedule the timer starts of a process');
    }
  }
  return { scheduled };
}

function scheduleKey(ctx: UseCaseContext, key: string): Promise<number> {
  return ctx.store.transaction(async (tx) => {
    const definition = await tx.processDefinitions.latest(key);
    if (!definition) return 0;
    const now = ctx.clock.now();
    await tx.jobs.cancelStartsExcept(key, definition.id, now);
    let count = 0;
    for (const timer of await timerStartsOf(definition)) {
      // A pending occurrence is kept; a duration start happens once per version.
      const jobs = await tx.jobs.listStarts(definition.id, timer.elementId);
      if (jobs.some((job) => job.status === 'pending')) continue;
      if (timer.timerType === 'timeDuration' && jobs.length > 0) continue;
      const dueAt = nextOccurrence(timer, now);
      if (!dueAt) continue;
      if (
        await tx.jobs.scheduleStart({
          definitionId: definition.id,
          elementId: timer.elementId,
          dueAt,
          createdAt: now,
        })
      ) {
        count += 1;
      }
    }
    return count;
  });
}
