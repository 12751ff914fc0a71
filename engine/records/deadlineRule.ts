/**
 * Answer-deadline rules of registers: calendar periods `P30D`, `P2W`, `P1M`, `P1Y` and working
 * days `P15WD`. A calendar deadline that ends on a weekend or public holiday moves to the next
 * working day, as the administrative procedure laws of the region provide.
 */
import { Invalid } from '../errors.js';
import {
  addDays,
  addWorkingDays,
  type HolidayCountry,
  nextWorkingDay,
  type WorkingCalendar,
  workingCalendar,
} from '../kernel/workingCalendar.js';

export interface DeadlineRule {
  amount: number;
  unit: 'D' | 'W' | 'M' | 'Y' | 'WD';
}

const RULE = /^P(\d{1,3})(WD|D|W|M|Y)$/;

export function parseDeadlineRule(text: string): DeadlineRule {
  const match = RULE.exec(text.trim().toUpperCase());
  if (!match || Number(match[1]) === 0) {
    throw new Invalid(
      'The answer deadline rule cannot be used.',
      [
        {
          field: 'answerDeadlineRule',
          message: `"${text}" is not a deadline: write P30D (days), P2W (weeks), P1M (months), P1Y or P15WD (working days)`,
          code: 'problem.deadlineRule',
          params: { text },
        },
      ],
      'refusal.deadlineRule',
    );
  }
  return { amount: Number(match[1]), unit: match[2] as DeadlineRule['unit'] };
}

function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The due date of a document registered on `registeredOn` (`YYYY-MM-DD`). */
export function computeDueDate(rule: DeadlineRule, registeredOn: string, calendar: WorkingCalendar): string {
  switch (rule.unit) {
    case 'WD':
      return addWorkingDays(registeredOn, rule.amount, calendar);
    case 'D':
      return nextWorkingDay(addDays(registeredOn, rule.amount), calendar);
    case 'W':
      return nextWorkingDay(addDays(registeredOn, rule.amount * 7), calendar);
    case 'M':
      return nextWorkingDay(addMonths(registeredOn, rule.amount), calendar);
    case 'Y':
      return nextWorkingDay(addMonths(registeredOn, rule.amount * 12), calendar);
  }
}

/**
 * The answer deadline a register's rule gives a document registered on `registeredOn`, in the
 * calendar of `holidayCountry`; null for a register without a rule.
 */
export function registerDueDate(
  register: { answerDeadlineRule: string | null },
  registeredOn: string,
  holidayCountry: HolidayCountry,
): string | null {
  if (!register.answerDeadlineRule) return null;
  return computeDueDate(
    parseDeadlineRule(register.answerDeadlineRule),
    registeredOn,
    workingCalendar(holidayCountry),
  );
}
