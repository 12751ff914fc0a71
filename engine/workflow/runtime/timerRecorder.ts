/**
 * The `timers` option of every engine we construct. It never arms a real timeout: bpmn-engine
 * cannot arm delays of 2^31−1 ms or more, and a server restart would lose an armed one anyway.
 * Instead it records each timer the engine sets (its execution id, element, due date), so the step
 * can store it as a job; when the job is due, the scheduler recovers the instance and calls
 * `fire(executionId)`, which runs the engine's own timeout callback for exactly that timer.
 */
import type { Clock } from '../../context.js';
import { addIsoDuration } from './dueDate.js';

/** What TimerEventDefinition passes to `register()`: the timer content of its execute message. */
interface TimerOwner {
  id?: string;
  executionId?: string;
  expireAt?: Date | string;
  timerType?: string;
  /** The resolved timer values (after expression evaluation), by type. */
  timeDuration?: string;
  timeCycle?: string;
}

interface RecordedTimer {
  elementId: string;
  executionId: string;
  dueAt: Date;
  callback: (...args: unknown[]) => unknown;
  args: unknown[];
}

export interface ActiveTimer {
  elementId: string;
  executionId: string;
  /** When the timer falls due by our clock (a `timeDate` is absolute; a duration runs from now). */
  dueAt: Date;
}

export class TimerRecorder {
  private readonly active = new Map<string, RecordedTimer>();
  // bpmn-engine's Engine.stop() walks `timers.executing` to clear armed timers: we arm none.
  readonly executing: never[] = [];

  constructor(private readonly clock: Clock) {}

  register = (owner: TimerOwner = {}) => ({
    setTimeout: (callback: (...args: unknown[]) => unknown, delay: number, ...args: unknown[]) =>
      this.record(owner, callback, delay, args),
    clearTimeout: (ref: unknown) => this.clearTimeout(ref),
  });

  /** Unowned timeouts (none in bpmn-elements today) are refused rather than silently armed. */
  setTimeout = (): never => {
    throw new Error('bpmn-engine asked for an unowned timer; Kanceleja arms no real timeouts');
  };

  clearTimeout = (ref: unknown): undefined => {
    if (isRecorded(ref)) this.active.delete(ref.executionId);
    return undefined;
  };

  /** Timers set and not yet cleared or fired. */
  list(): ActiveTimer[] {
    return [...this.active.values()].map(({ elementId, executionId, dueAt }) => ({
      elementId,
      executionId,
      dueAt,
    }));
  }

  /** Runs the engine's timeout for the timer `executionId`; false when no such timer is set. */
  fire(executionId: string): boolean {
    const timer = this.active.get(executionId);
    if (!timer) return false;
    this.active.delete(executionId);
    timer.callback(...timer.args);
    return true;
  }

  private dueDate(owner: TimerOwner, delay: number): Date {
    if (owner.timerType === 'timeDate' && owner.expireAt) return new Date(owner.expireAt);
    const now = this.clock.now();
    const duration = durationOf(owner);
    return (duration && addIsoDuration(now, duration)) || new Date(now.getTime() + Math.max(0, delay));
  }

  private record(
    owner: TimerOwner,
    callback: RecordedTimer['callback'],
    delay: number,
    args: unknown[],
  ): RecordedTimer {
    const executionId = owner.executionId ?? `timer_${this.active.size}`;
    const dueAt = this.dueDate(owner, delay);
    const timer = { elementId: owner.id ?? 'unknown', executionId, dueAt, callback, args };
    this.active.set(executionId, timer);
    return timer;
  }
}

/**
 * bpmn-elements computes `expireAt` and the delay from the wall clock; the due date is computed
 * again here from the timer's own value and our clock, so that it does not depend on how long the
 * step took (and tests that move the clock get exact dates).
 */
function durationOf(owner: TimerOwner): string | undefined {
  if (owner.timerType === 'timeDuration') return owner.timeDuration;
  if (owner.timerType === 'timeCycle')
    return owner.timeCycle?.split('/').find((part) => part.startsWith('P'));
  return undefined;
}

function isRecorded(ref: unknown): ref is RecordedTimer {
  return typeof ref === 'object' && ref !== null && 'executionId' in ref && 'callback' in ref;
}
