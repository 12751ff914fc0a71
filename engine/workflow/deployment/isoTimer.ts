/**
 * Deploy-time checks of ISO 8601 timer values (BPMN `timeDuration`, `timeDate`, `timeCycle`) and of
 * due dates. Deliberately a strict subset of what bpmn-engine's parser accepts, so that whatever we
 * accept it can run: durations `P3D`, `PT4H30M`, `P1W`; date-times `2025-03-01T09:00:00Z`; dates
 * `2025-03-01`; cycles `R3/PT10M`, `R/P1D`, `R5/2025-03-01T09:00:00Z/P1D`. Cron is refused.
 */

export type TimerKind = 'timeDuration' | 'timeDate' | 'timeCycle';

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const REPEAT = /^R(\d*)$/;

export const isIsoDuration = (value: string): boolean => DURATION.test(value);

/** A calendar-valid date or date-time (no 30 February, no hour 25). */
export function isIsoDateTime(value: string): boolean {
  const date = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!date) return false;
  const [, year, month, day, hour = '0', minute = '0', , second = '0'] = date;
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const probe = new Date(Date.UTC(y, m - 1, d));
  const validDay = probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
  return validDay && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

function checkCycle(value: string): string | null {
  const [repeat, ...rest] = value.split('/');
  if (repeat === undefined || !REPEAT.test(repeat) || rest.length === 0 || rest.length > 2) {
    return `"${value}" is not an ISO 8601 cycle such as R3/PT10M or R/P1D (cron is not supported)`;
  }
  const [first = '', second] = rest;
  const valid =
    second === undefined
      ? isIsoDuration(first)
      : (isIsoDateTime(first) && isIsoDuration(second)) || (isIsoDuration(first) && isIsoDateTime(second));
  return valid ? null : `"${value}" is not an ISO 8601 cycle such as R3/PT10M or R5/2025-03-01T09:00:00Z/P1D`;
}

/** A readable problem with a timer value that is not an expression, or null. */
export function checkTimerValue(kind: TimerKind, raw: string): string | null {
  const value = raw.trim();
  if (value === '') return 'the timer has no value';
  switch (kind) {
    case 'timeDuration':
      return isIsoDuration(value) ? null : `"${value}" is not an ISO 8601 duration such as PT4H or P3D`;
    case 'timeDate':
      return isIsoDateTime(value)
        ? null
        : `"${value}" is not an ISO 8601 date-time such as 2025-03-01T09:00:00Z`;
    case 'timeCycle':
      return checkCycle(value);
  }
}

/** A due date may be a date, a date-time or a duration from the moment the task is created. */
export function checkDueDate(raw: string): string | null {
  const value = raw.trim();
  if (isIsoDuration(value) || isIsoDateTime(value)) return null;
  return `"${value}" is neither an ISO 8601 date, date-time nor duration (such as 2025-03-01, P5D)`;
}
