/** Schemas shared by several API routes: ids, the error body, paging. */
import { z } from 'zod';
import { isUuid } from '../../engine/store/ids.js';

/** A record id (UUID) in a path; a malformed one is answered like an unknown one, 404. */
export const Id = z
  .string()
  .refine(isUuid, 'is not an id')
  .meta({ format: 'uuid', description: 'Record id (UUID).' });

export const IdParams = z.object({ id: Id });

export const ErrorBody = z
  .object({
    error: z
      .string()
      .describe('Stable code: invalid, unauthorized, forbidden, not_found, conflict, too_large, …'),
    message: z.string().describe("Readable, in the request's language where translated."),
    problems: z.array(z.object({ field: z.string().optional(), message: z.string() })).optional(),
  })
  .describe('Every error answer.');

/** Text that may be absent or null in a JSON body. */
export const optionalText = (max: number) => z.string().max(max).nullable().optional();

/**
 * A real calendar date `YYYY-MM-DD` in a sane range. PostgreSQL refuses the year 0000 ("date/time
 * field value out of range", a 500) and JavaScript rolls 2026-02-30 over into March; neither is a
 * date anyone means. The message is the engine's own, so the catalog translates it.
 */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;
export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
export const CalendarDay = z
  .string()
  .refine(isCalendarDay, {
    error: (issue) => `"${String(issue.input).slice(0, 40)}" is not a date (YYYY-MM-DD)`,
  })
  .meta({ format: 'date', description: `A calendar date, YYYY-MM-DD, years ${FIRST_YEAR} to ${LAST_YEAR}.` });
/** An optional date of a JSON body: absent, null or '' (all: no date). */
export const optionalDay = CalendarDay.or(z.literal('')).nullable().optional();

/**
 * A whole number in a query string, digits only: `z.coerce.number()` alone would take `0x10`, `+5`,
 * `1e3` and ` 5` (Number() reads them all).
 */
export const queryInteger = () =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'must be a whole number written in digits')
    .transform(Number);

/** Refuses `from` after `to` (both optional YYYY-MM-DD): an empty answer would hide the mistake. */
export const fromNotAfterTo = <T extends { from?: string | undefined; to?: string | undefined }>(query: T) =>
  query.from === undefined ||
  query.to === undefined ||
  // A date that is no date has its own problem already; comparing it would report `from` twice.
  !isCalendarDay(query.from) ||
  !isCalendarDay(query.to) ||
  query.from <= query.to;
export const FROM_AFTER_TO = { message: 'must not be after "to"', path: ['from'] };

/** `?page=` and `?pageSize=`, from 1. */
export const Paging = {
  page: queryInteger().pipe(z.number().min(1).max(1_000_000)).default(1).describe('Page number, from 1.'),
  pageSize: queryInteger().pipe(z.number().min(1).max(200)).default(50).describe('Items per page, 1 to 200.'),
};

export const pageOf = <T>(items: T[], total: number, page: number, pageSize: number) => ({
  items,
  total,
  page,
  pageSize,
});

/*
 * Response bodies of the main routes, as JSON carries them (instants as ISO strings), so that the
 * OpenAPI document tells clients what comes back and test/api/openApiResponses.test.ts holds the
 * server to it. Objects list the fields clients rely on; a new field does not break them.
 */
const Instant = z.string().describe('An instant, ISO 8601 (UTC).');
const CalendarDate = z.string().describe('A calendar date, YYYY-MM-DD.');

export const RegisterBody = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    numberPattern: z.string(),
    yearlyReset: z.boolean(),
    departmentId: z.string().nullable(),
    processKey: z.string().nullable(),
    answerDeadlineRule: z.string().nullable(),
    active: z.boolean(),
    createdAt: Instant,
  })
  .describe('A register.');

export const DocumentBody = z
  .object({
    id: z.string(),
    registerId: z.string(),
    year: z.number().int().nullable(),
    sequence: z.number().int().nullable(),
    registrationNumber: z.string().nullable().describe('Null while an outgoing letter is a draft.'),
    registeredOn: CalendarDate.nullable(),
    subject: z.string(),
    status: z.string(),
    confidentiality: z.enum(['public', 'internal', 'restricted']),
    dueDate: CalendarDate.nullable(),
    dueDateReason: z.string().nullable(),
    documentKind: z.string(),
    correspondentId: z.string().nullable(),
    theirNumber: z.string().nullable(),
    theirDate: CalendarDate.nullable(),
    channel: z.string().nullable(),
    pages: z.number().int().nullable(),
    caseFileId: z.string().nullable(),
    replyToId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .describe('A document as registered.');

export const DocumentPageBody = z
  .object({
    items: z.array(DocumentBody),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .describe('One page of documents.');

export const TaskBody = z
  .object({
    id: z.string(),
    instanceId: z.string(),
    processKey: z.string(),
    businessKey: z.string().nullable(),
    elementId: z.string(),
    name: z.string().nullable(),
    assignee: z.string().nullable(),
    candidateGroups: z.array(z.string()),
    candidateUsers: z.array(z.string()),
    dueAt: Instant.nullable(),
    priority: z.number().nullable(),
    formKey: z.string().nullable(),
    status: z.string(),
    createdAt: Instant,
    completedAt: Instant.nullable(),
    completedBy: z.string().nullable(),
  })
  .describe('A user task.');

export const ListedTaskBody = TaskBody.extend({
  onBehalfOf: z
    .string()
    .nullable()
    .describe('Username of the person a deputy takes this task for; null for own tasks.'),
}).describe('An open task in a task list.');

export const DocumentCardBody = z
  .object({
    document: DocumentBody,
    register: RegisterBody,
    correspondent: z.object({ id: z.string(), kind: z.string(), name: z.string() }).nullable(),
    caseFile: z.object({ id: z.string() }).nullable(),
    links: z.array(z.string()).describe('Ids of linked documents the user may see.'),
    attachments: z.array(
      z.object({
        id: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        size: z.number().int(),
        sha256: z.string(),
        uploadedAt: Instant,
      }),
    ),
    processes: z.array(
      z.object({
        id: z.string(),
        processKey: z.string(),
        definitionVersion: z.number().int(),
        status: z.string(),
        startedAt: Instant,
        endedAt: Instant.nullable(),
      }),
    ),
    tasks: z.array(TaskBody),
    history: z.array(
      z.object({
        at: Instant,
        actorName: z.string().nullable(),
        type: z.string(),
        elementId: z.string().nullable(),
      }),
    ),
  })
  .describe('A document card: the document with its register, correspondent, files, routing and history.');

export const ProcessDefinitionBody = z
  .object({
    id: z.string(),
    key: z.string(),
    version: z.number().int(),
    name: z.string().nullable(),
    hash: z.string(),
    deployedBy: z.string().nullable(),
    deployedAt: Instant,
  })
  .describe('A deployed version of a process.');
