import { describe, expect, it } from '@jest/globals';
import { checkDueDate, checkTimerValue } from '../../../engine/workflow/deployment/isoTimer.js';

describe('checkTimerValue', () => {
  it.each(['P3D', 'PT4H30M', 'P1W', 'P1Y2M', 'PT1.5S', 'P30D'])('accepts the duration %s', (value) => {
    expect(checkTimerValue('timeDuration', value)).toBeNull();
  });

  it.each(['P', 'PT', '3 days', 'P3', 'PT4H30', '-P1D'])('refuses the duration %s', (value) => {
    expect(checkTimerValue('timeDuration', value)).toMatch(/is not an ISO 8601 duration/);
  });

  it.each(['2025-03-01T09:00:00Z', '2025-03-01T09:00', '2025-03-01T09:00:00.250+02:00', '2025-03-01'])(
    'accepts the date %s',
    (value) => {
      expect(checkTimerValue('timeDate', value)).toBeNull();
    },
  );

  it.each(['2025-02-30T09:00:00Z', '2025-13-01T00:00:00Z', '2025-03-01T24:00:00Z', 'tomorrow'])(
    'refuses the date %s',
    (value) => {
      expect(checkTimerValue('timeDate', value)).toMatch(/is not an ISO 8601 date-time/);
    },
  );

  it.each(['R3/PT10M', 'R/P1D', 'R5/2025-03-01T09:00:00Z/P1D', 'R2/P1D/2030-01-01T00:00:00Z'])(
    'accepts the cycle %s',
    (value) => {
      expect(checkTimerValue('timeCycle', value)).toBeNull();
    },
  );

  it.each(['0 0 9 * * ?', 'PT10M', 'R3', 'R3/PT10M/PT5M', 'Rx/PT1H'])('refuses the cycle %s', (value) => {
    expect(checkTimerValue('timeCycle', value)).toMatch(/is not an ISO 8601 cycle/);
  });

  it('refuses an empty timer', () => {
    expect(checkTimerValue('timeDuration', '  ')).toBe('the timer has no value');
  });
});

describe('checkDueDate', () => {
  it('accepts a date, a date-time or a duration and refuses anything else', () => {
    expect(checkDueDate('2025-03-15')).toBeNull();
    expect(checkDueDate('2025-03-15T16:00:00+02:00')).toBeNull();
    expect(checkDueDate('P5D')).toBeNull();
    expect(checkDueDate('next Friday')).toMatch(/is neither an ISO 8601 date, date-time nor duration/);
  });
});
