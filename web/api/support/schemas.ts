/** Schemas shared by several API routes: ids, the error body, paging. */
import { z } from 'zod';
import type { MessageParams } from '../../../engine/kernel/problems.js';
import { isUuid } from '../../../engine/store/ids.js';
import { CONFIDENTIALITY_LEVELS, DOCUMENT_PRIORITIES, REGISTER_KINDS } from '../../../engine/store/ports.js';
import { CORRESPONDENT_KINDS, RETENTION_CLASSES } from '../../../engine/store/recordPorts.js';
import { HISTORY_EVENT_TYPES, TASK_STATUSES } from '../../../engine/store/workflowPorts.js';

/** A record id (UUID) in a path; a malformed one is answered like an unknown one, 404. */
export const Id = z
  .string()
  .refine(isUuid, coded('is not an id', 'problem.notId'))
  .meta({ format: 'uuid', description: 'Record id (UUID).' });

export const IdParams = z.object({ id: Id });

/**
 * A refinement's message with its message code and values (zod keeps them in the issue's
 * `params`), so that the problem it becomes is said in the request's language.
 */
export function coded(message: string, code: string, params?: MessageParams) {
  return { message, params: { code, ...(params === undefined ? {} : { params }) } };
}

/** The values of a message's placeholders, by name, as the message id's text names them. */
const MessageParamsBody = z
  .record(z.string(), z.union([z.string(), z.number()]))
  .describe(
    'The values that fill the placeholders of `code`\'s text, e.g. `{ "max": 200 }` for `problem.tooLong`.',
  );

/** One problem of an error answer; `code`, `params` and `field` are the same in every language. */
export const ProblemBody = z.object({
  field: z.string().optional(),
  message: z.string(),
  code: z.string().optional().describe('The message id of this problem, e.g. `problem.required`.'),
  params: MessageParamsBody.optional(),
});

export const ErrorBody = z
  .object({
    error: z
      .string()
      .describe('Stable code: invalid, unauthorized, forbidden, not_found, conflict, too_large, …'),
    message: z.string().describe("Readable, in the request's language where translated."),
    code: z
      .string()
      .optional()
      .describe('The message id of `message` (e.g. `refusal.forbidden`), the same in every language.'),
    params: MessageParamsBody.optional(),
    problems: z.array(ProblemBody).optional(),
  })
  .describe('Every error answer.');

/** Error bodies that say more than ErrorBody, with what they add (the document writes `allOf`). */
const errorExtensions = new WeakMap<z.ZodType, z.ZodObject>();

/** An error body with more fields (or narrower ones): still an Error, documented as one plus `shape`. */
export function errorBodyWith<S extends z.ZodRawShape>(shape: S, description: string) {
  const schema = ErrorBody.extend(shape).describe(description);
  errorExtensions.set(schema, z.object(shape));
  return schema;
}
export const errorExtensionOf = (schema: z.ZodType): z.ZodObject | undefined => errorExtensions.get(schema);

/** Text that may be absent or null in a JSON body. */
export const optionalText = (max: number) => z.string().max(max).nullable().optional();

/**
 * The body of an update whose fields are each optional: at least one must be sent. An update that
 * names nothing to change is a 400 whose problem names the fields that may be sent — never a 200
 * that changed nothing (the document says `minProperties: 1`). null counts as sent: it clears.
 */
export function updateBody<S extends z.ZodRawShape>(shape: S) {
  const fields = Object.keys(shape).join(', ');
  return z
    .strictObject(shape)
    .refine(
      (body) => Object.values(body).some((value) => value !== undefined),
      coded(`names nothing to change: send at least one of ${fields}`, 'problem.nothingToChange', { fields }),
    )
    .meta({ minProperties: 1 });
}

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
export const FROM_AFTER_TO = {
  ...coded('must not be after "to"', 'problem.notAfter', { other: 'to' }),
  path: ['from'],
};

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
export const Instant = z.iso.datetime({ offset: true }).describe('An instant, ISO 8601 (UTC).');
export const CalendarDate = z.iso.date().describe('A calendar date, YYYY-MM-DD.');
/** A value a process or a form carries: any JSON. */
export const AnyJson = z.unknown().describe('Any JSON value.');

export const RegisterBody = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(REGISTER_KINDS),
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
    confidentiality: z.enum(CONFIDENTIALITY_LEVELS),
    priority: z.enum(DOCUMENT_PRIORITIES).describe('`urgent` documents come first where lists sort by it.'),
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
    totalIsCapped: z
      .boolean()
      .describe('True when counting stopped at `total`: there are more matches than that.'),
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
    executionId: z.string().describe("The engine's execution of the task."),
    name: z.string().nullable(),
    assignee: z.string().nullable().describe('A username.'),
    initialAssignee: z
      .string()
      .nullable()
      .describe('The assignee the task was created with; unclaiming gives the task back to it.'),
    candidateGroups: z.array(z.string()).describe('Role or department codes.'),
    candidateUsers: z.array(z.string()).describe('Usernames.'),
    dueAt: Instant.nullable(),
    priority: z.number().nullable(),
    formKey: z.string().nullable(),
    loopItem: AnyJson.describe('The multi-instance element this task stands for, or null.'),
    status: z.enum(TASK_STATUSES),
    claimedAt: Instant.nullable(),
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
  urgent: z.boolean().describe('The task is on an urgent document.'),
}).describe('An open task in a task list.');

export const CorrespondentBody = z
  .object({
    id: z.string(),
    kind: z.enum(CORRESPONDENT_KINDS),
    name: z.string(),
    registrationCode: z.string().nullable().describe("A person's code is masked where cards are listed."),
    address: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    eAddress: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .describe('A correspondent card.');

export const CaseFileBody = z
  .object({
    id: z.string(),
    indexCode: z.string().describe('Nomenclature index, e.g. `3-12`.'),
    title: z.string(),
    departmentId: z.string().nullable(),
    retention: z.enum(RETENTION_CLASSES),
    retentionYears: z.number().int().nullable().describe('Years to keep; null when permanent.'),
    year: z.number().int(),
    active: z.boolean(),
    createdAt: Instant,
  })
  .describe('A case file of the nomenclature.');

export const AttachmentBody = z
  .object({
    id: z.string(),
    documentId: z.string(),
    sha256: z.string(),
    fileName: z.string(),
    contentType: z.string().describe('Detected from the bytes when they were stored.'),
    size: z.number().int(),
    uploadedBy: z.string().nullable(),
    uploadedAt: Instant,
  })
  .describe('An attachment, without its bytes (`GET /api/attachments/{id}` downloads them).');

export const HistoryEventBody = z
  .object({
    id: z.number().int(),
    instanceId: z.string(),
    at: Instant,
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    type: z.enum(HISTORY_EVENT_TYPES),
    elementId: z.string().nullable(),
    details: z.record(z.string(), AnyJson),
  })
  .describe('One event of a process instance.');

export const DocumentCardBody = z
  .object({
    document: DocumentBody,
    register: RegisterBody,
    correspondent: CorrespondentBody.nullable(),
    caseFile: CaseFileBody.nullable(),
    links: z.array(z.string()).describe('Ids of linked documents the user may see.'),
    attachments: z.array(AttachmentBody),
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
    history: z.array(HistoryEventBody),
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
