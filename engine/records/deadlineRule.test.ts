import { describe, expect, it } from '@jest/globals';
import { Invalid } from '../errors.js';
import { computeDueDate, parseDeadlineRule } from './deadlineRule.js';
import { addWorkingDays, workingCalendar } from '../kernel/workingCalendar.js';

const due = (rule: string, registeredOn: string, country: Parameters<typeof workingCalendar>[0]) =>
  computeDueDate(parseDeadlineRule(rule), registeredOn, workingCalendar(country));

describe('computeDueDate', () => {
  describe('in Latvia', () => {
    it('counts P10WD from the Friday before Easter past Good Friday and Easter Monday', () => {
      // 2025-04-11 is a Friday; 18 April (Good Friday) and 21 April (Easter Monday) are holidays.
      expect(due('P10WD', '2025-04-11', 'LV')).toBe('2025-04-29');
    });

    it('skips the substitute day of a holiday that falls on a Sunday', () => {
      // 4 May 2025 (Restoration of Independence) is a Sunday; Monday 5 May is off instead.
      expect(due('P1WD', '2025-05-02', 'LV')).toBe('2025-05-06');
    });

    it('moves a one-month deadline ending on a holiday to the next working day', () => {
      // 18 November (Proclamation Day) 2025 is a Tuesday.
      expect(due('P1M', '2025-10-18', 'LV')).toBe('2025-11-19');
    });

    it('ends a month after 31 January on the last day of February', () => {
      expect(due('P1M', '2025-01-31', 'LV')).toBe('2025-02-28');
    });
  });

  it('counts working days over Lithuanian Christmas', () => {
    // 24, 25 and 26 December are holidays in Lithuania; 31 December is not.
    expect(due('P5WD', '2025-12-19', 'LT')).toBe('2025-12-31');
  });

  it('counts working days over the Czech Statehood Day and Freedom Day', () => {
    // 28 October 2025 (Tuesday) and 17 November 2025 (Monday) are holidays in Czechia.
    expect(due('P3WD', '2025-10-24', 'CZ')).toBe('2025-10-30');
    expect(due('P1WD', '2025-11-14', 'CZ')).toBe('2025-11-18');
  });

  it('counts working days over the Russian Day of Russia', () => {
    // 12 June 2025 (Thursday) is a holiday in Russia.
    expect(due('P10WD', '2025-06-06', 'RU')).toBe('2025-06-23');
  });

  it('counts working days over Nauryz in Kazakhstan', () => {
    // 21–25 March 2025 are holidays (with substitutes) in Kazakhstan.
    expect(due('P1WD', '2025-03-20', 'KZ')).toBe('2025-03-26');
  });

  it('counts calendar days and weeks', () => {
    expect(due('P30D', '2025-03-03', 'LV')).toBe('2025-04-02');
    expect(due('P2W', '2025-03-03', 'LV')).toBe('2025-03-17');
  });
});

describe('parseDeadlineRule', () => {
  it('refuses what is not a deadline with a readable problem', () => {
    for (const text of ['30 days', 'P0D', 'PT10H', 'P1.5M', '']) {
      expect(() => parseDeadlineRule(text)).toThrow(Invalid);
    }
  });
});

describe('addWorkingDays', () => {
  it('counts backwards for reminders', () => {
    // Three working days before Tuesday 22 April 2025 in Latvia: Easter Monday and Good Friday do not count.
    expect(addWorkingDays('2025-04-22', -3, workingCalendar('LV'))).toBe('2025-04-15');
  });
});
