/**
 * Working days: Monday to Friday without the public holidays (and their substitute days) of a
 * country, from the maintained `date-holidays` library. Dates are `YYYY-MM-DD` strings.
 */
import Holidays from 'date-holidays';

export const HOLIDAY_COUNTRIES = ['LV', 'LT', 'CZ', 'RU', 'KZ', 'EE', 'PL'] as const;
export type HolidayCountry = (typeof HOLIDAY_COUNTRIES)[number];

export interface WorkingCalendar {
  readonly country: HolidayCountry;
  isWorkingDay(date: string): boolean;
}

const DAY_MS = 86_400_000;

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

const calendars = new Map<HolidayCountry, WorkingCalendar>();

export function workingCalendar(country: HolidayCountry): WorkingCalendar {
  const cached = calendars.get(country);
  if (cached) return cached;
  const holidays = new Holidays(country);
  const byYear = new Map<number, Set<string>>();
  const holidaysOf = (year: number): Set<string> => {
    let days = byYear.get(year);
    if (!days) {
      days = new Set(
        holidays
          .getHolidays(year)
          .filter((holiday) => holiday.type === 'public')
          .map((holiday) => holiday.date.slice(0, 10)),
      );
      byYear.set(year, days);
    }
    return days;
  };
  const calendar: WorkingCalendar = {
    country,
    isWorkingDay(date) {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6 && !holidaysOf(Number(date.slice(0, 4))).has(date);
    },
  };
  calendars.set(country, calendar);
  return calendar;
}

/** The working day `count` working days after (count > 0) or before (count < 0) `date`. */
export function addWorkingDays(date: string, count: number, calendar: WorkingCalendar): string {
  const step = count < 0 ? -1 : 1;
  let remaining = Math.abs(count);
  let day = date;
  while (remaining > 0) {
    day = addDays(day, step);
    if (calendar.isWorkingDay(day)) remaining -= 1;
  }
  return day;
}

/** `date` itself when it is a working day, otherwise the next working day. */
export function nextWorkingDay(date: string, calendar: WorkingCalendar): string {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, 1);
  return day;
}
