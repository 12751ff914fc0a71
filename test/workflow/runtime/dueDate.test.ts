import { describe, expect, it } from '@jest/globals';
import { resolveDueDate } from '../../../engine/workflow/runtime/dueDate.js';

describe("a user task's due date", () => {
  const now = new Date('2026-11-23T10:00:00Z');

  it('given as a calendar date, ends with that day in the institution’s time zone', () => {
    expect(resolveDueDate('2026-12-07', now, 'Europe/Riga')).toEqual(new Date('2026-12-07T21:59:59.999Z'));
    // Summer time: Riga is three hours ahead.
    expect(resolveDueDate('2026-07-07', now, 'Europe/Riga')).toEqual(new Date('2026-07-07T20:59:59.999Z'));
    expect(resolveDueDate('2026-12-07', now)).toEqual(new Date('2026-12-07T23:59:59.999Z'));
  });

  it('given as a date and time, is that instant', () => {
    expect(resolveDueDate('2026-12-07T08:00:00Z', now, 'Europe/Riga')).toEqual(
      new Date('2026-12-07T08:00:00Z'),
    );
  });

  it('given as a duration, counts from now', () => {
    expect(resolveDueDate('P3D', now, 'Europe/Riga')).toEqual(new Date('2026-11-26T10:00:00Z'));
  });

  it('is an error when it is neither', () => {
    expect(resolveDueDate('next week', now, 'Europe/Riga')).toBeInstanceOf(Error);
    expect(resolveDueDate(42, now)).toBeInstanceOf(Error);
  });
});
