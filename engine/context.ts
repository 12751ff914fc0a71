/**
 * What every use case receives first: who acts, the store, and the time. Use cases take time from
 * `clock`, never from `new Date()`, so that tests move time instead of waiting.
 */
import type { Logger } from './logger.js';
import type { HolidayCountry } from './kernel/workingCalendar.js';
import type { Role, Store, User } from './store/ports.js';

export interface Actor {
  /** Null for the system itself (start-up seeding, the scheduler). */
  id: string | null;
  username: string;
  displayName: string;
  roles: readonly Role[];
  departmentId: string | null;
  /** Set when a deputy acts for someone else: that person's id. */
  onBehalfOfId?: string | null;
  /** The people this actor stands in for today (active substitutions); see engine/substitutions. */
  actingFor?: readonly Actor[];
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const SYSTEM_ACTOR: Actor = {
  id: null,
  username: 'system',
  displayName: 'system',
  roles: [],
  departmentId: null,
};

/** Where the institution is: its calendar decides dates and working days. */
export interface InstitutionSettings {
  /** IANA time zone of the institution, e.g. `Europe/Riga`: decides the registration date. */
  timeZone: string;
  /** Whose public holidays are not working days. */
  holidayCountry: HolidayCountry;
  /** Printed at the head of every report; `Kanceleja` when not configured. */
  institutionName?: string;
  /** A PNG or JPEG printed beside the name on every report. */
  institutionLogo?: string | null;
  /** Where people open Kanceleja (PUBLIC_URL, no trailing slash): mail links start with it. */
  publicUrl?: string | null;
}

export const DEFAULT_SETTINGS: InstitutionSettings = { timeZone: 'Europe/Riga', holidayCountry: 'LV' };

export interface UseCaseContext {
  actor: Actor;
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** Defaults to DEFAULT_SETTINGS. */
  settings?: InstitutionSettings;
}

export const settingsOf = (ctx: UseCaseContext): InstitutionSettings => ctx.settings ?? DEFAULT_SETTINGS;

/** Building a formatter costs far more than using one (time zone data): one per zone. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (`YYYY-MM-DD`) of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

export function actorFromUser(user: User): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    departmentId: user.departmentId,
  };
}

/** The actor fields of an audit event. */
export function auditActor(actor: Actor): {
  actorId: string | null;
  actorName: string;
  onBehalfOfId: string | null;
} {
  return { actorId: actor.id, actorName: actor.username, onBehalfOfId: actor.onBehalfOfId ?? null };
}
