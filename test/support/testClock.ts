import type { Clock } from '../../engine/context.js';

/** A clock that stands still until a test moves it. */
export interface TestClock extends Clock {
  advance(milliseconds: number): void;
  set(time: Date): void;
}

export function testClock(start = new Date('2026-03-02T08:00:00Z')): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (milliseconds) => {
      current += milliseconds;
    },
    set: (time) => {
      current = time.getTime();
    },
  };
}
