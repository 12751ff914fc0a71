/**
 * Response bodies of the JSON API beyond the main ones of schemas.ts, as JSON carries them
 * (instants as ISO strings). Each is the shape of a record, use-case result or presenter the
 * handlers send unchanged; the opt-in response check of `ApiRoutes` (apiRoute.ts) holds the handlers
 * to them in the tests, undeclared fields included.
 */
import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../../../engine/store/notificationPorts.js';
import { DOCUMENT_PRIORITIES, ROLES } from '../../../engine/store/ports.js';
import { COMMENT_KINDS } from '../../../engine/store/taskCommentPorts.js';
import { HISTORY_EVENT_TYPES, INSTANCE_STATUSES } from '../../../engine/store/workflowPorts.js';
import {
  AnyJson,
  CalendarDate,
  DocumentBody,
  errorBodyWith,
  Instant,
  ProcessDefinitionBody,
  TaskBody,
} from './schemas.js';

/** `GET /api/health`: 200 with a migration, 503 with none when the database does not answer. */
export const HealthBody = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    version: z.string().describe("The server's version."),
    store: z.enum(['pglite', 'postgres', 'mongodb']).describe('The database behind the server.'),
    migration: z.string().nullable().describe('The last database migration applied; null when unknown.'),
  })
  .describe('Whether the server and its database answer.');

export const DocumentPriorityBody = z
  .object({ id: z.string(), priority: z.enum(DOCUMENT_PRIORITIES), version: z.number().int() })
  .describe('A document’s priority after the change.');

export const DocumentStatusBody = z
  .object({ id: z.string(), status: z.string() })
  .describe('The document and its status now.');

export const DraftedLetterBody = z
  .object({
    id: z.string().describe('The draft document.'),
    status: z.string(),
    processInstanceId: z.string().nullable().describe('The approval process started for it.'),
  })
  .describe('The drafted outgoing letter.');

export const ExtendedDeadlineBody = z
  .object({
    id: z.string(),
    dueDate: CalendarDate.nullable().describe('The new deadline.'),
    previousDueDate: CalendarDate.nullable(),
    notice: z
      .object({
        id: z.string(),
        registrationNumber: z.string().describe('Its number in the outgoing register.'),
        delivery: z
          .enum(['email', 'post_or_hand_over'])
          .describe(
            "`email`: queued to the applicant's e-mail address and recorded dispatched; `post_or_hand_over`: the registry's Dispatch task.",
          ),
        email: z.string().nullable(),
      })
      .describe('The notice to the applicant: an outgoing document of its own, numbered with the extension.'),
  })
  .describe('The document with its extended deadline.');

export const CorrespondentPageBody = z
  .object({
    items: z.array(DocumentBody),
    total: z.number().int(),
  })
  .describe('The documents to and from the correspondent that the user may see, newest first.');

export const CompletedTaskBody = z
  .object({
    task: TaskBody.describe('The completed task.'),
    instanceId: z.string(),
    instanceStatus: z.enum(INSTANCE_STATUSES),
    openTasks: z.array(TaskBody).describe("The instance's open tasks after the step."),
  })
  .describe('The completed task and where its instance stands.');

const PersonRef = z.object({ username: z.string(), displayName: z.string() });

/** `POST /api/tasks/{id}/delegate`: who gets what; the change itself once confirmed. */
export const DelegationBody = z
  .object({
    confirmed: z.boolean().describe('false: nothing was changed, this is what a confirmation would do.'),
    responsible: PersonRef.describe('Holds the department task and reports for the department.'),
    coExecutors: z.array(PersonRef).describe('Each gets a co-execution task of their own.'),
    task: TaskBody.nullable().describe('The task, now with the responsible executor; null unconfirmed.'),
    coExecutionInstanceId: z
      .string()
      .nullable()
      .describe('The co-execution process started for the co-executors; null without them or unconfirmed.'),
  })
  .describe('A delegation to several executors, one responsible.');

export const NotificationBody = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    text: z.string().describe("In the request's language."),
    comment: z.string().nullable().describe('The comment of a returned task.'),
    link: z.string().nullable().describe('The page to follow.'),
    taskId: z.string().nullable(),
    documentId: z.string().nullable(),
    createdAt: Instant,
    read: z.boolean(),
  })
  .describe('A notification as the inbox shows it.');

export const TaskCommentBody = z
  .object({
    id: z.string(),
    taskId: z.string().nullable(),
    documentId: z.string().nullable(),
    authorId: z.string().nullable(),
    authorName: z.string().describe('As written at the time.'),
    onBehalfOfId: z.string().nullable().describe('The principal a deputy wrote for.'),
    body: z.string(),
    createdAt: Instant,
    kind: z.enum(COMMENT_KINDS).describe('A free comment, or the note that went with a step.'),
    addressedTo: z.string().nullable().describe('Whom the step went to, as named then.'),
  })
  .describe('A comment on a task or a document.');

export const StartedProcessBody = z
  .object({
    instanceId: z.string(),
    processKey: z.string(),
    definitionVersion: z.number().int(),
    businessKey: z.string().nullable(),
    status: z.enum(['running', 'completed']),
    tasks: z.array(TaskBody).describe('The tasks open after the first step.'),
  })
  .describe('A started process instance.');

export const ReceivedMessageBody = z
  .object({
    started: z.array(StartedProcessBody).describe('Instances the message started.'),
    continued: z.array(z.string()).describe('Ids of the waiting instances that took it.'),
  })
  .describe('Where the message went.');

export const ProcessDetailBody = z
  .object({
    definition: ProcessDefinitionBody.extend({ xml: z.string().describe('The BPMN 2.0 XML.') }).describe(
      'The latest version, with its XML.',
    ),
    versions: z.array(ProcessDefinitionBody).describe('Every version, oldest first, without XML.'),
  })
  .describe('A process with its versions.');

export const ProcessVersionsBody = z
  .object({
    versions: z.array(
      z.object({
        version: z.number().int(),
        name: z.string().nullable(),
        hash: z.string(),
        deployedBy: z.string().nullable(),
        deployedByName: z.string().nullable().describe('Null for the system (shipped processes).'),
        deployedAt: Instant,
        running: z.number().int().describe('Instances still in the diagram (running, or failed).'),
        finished: z.number().int().describe('Instances that completed or were cancelled.'),
      }),
    ),
  })
  .describe('Every version of a process.');

export const ProcessVersionBody = z
  .object({
    key: z.string(),
    version: z.number().int(),
    name: z.string().nullable(),
    xml: z.string(),
    forms: z.record(z.string(), z.record(z.string(), AnyJson)).describe('form-js schemas by form key.'),
    deployedBy: z.string().nullable(),
    deployedAt: Instant,
  })
  .describe('One version of a process with its XML and forms.');

const DiagramElementBody = z.object({
  id: z.string(),
  name: z.string().nullable(),
  type: z.string().describe('The moddle type, e.g. `bpmn:UserTask`.'),
});

export const VersionComparisonBody = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    added: z.array(DiagramElementBody),
    removed: z.array(DiagramElementBody),
    changed: z.array(
      DiagramElementBody.extend({
        changes: z.array(z.string()).describe('One line per changed property.'),
      }),
    ),
  })
  .describe('What changed between two versions.');

export const ActivityCountsBody = z
  .object({
    counts: z
      .record(z.string(), z.object({ active: z.number().int(), completed: z.number().int() }))
      .describe('By element id.'),
  })
  .describe('Where the instances of a version stand.');

const MigrationProblemBody = z.object({ elementId: z.string(), message: z.string() });

export const MigrationReportBody = z
  .object({
    migrated: z.array(z.string()).describe('Ids of the moved instances.'),
    blocked: z.array(z.object({ instanceId: z.string(), problems: z.array(MigrationProblemBody) })),
  })
  .describe('The instances moved, and those that could not move.');

export const MigrationBlockedBody = errorBodyWith(
  { problems: z.array(MigrationProblemBody) },
  'What blocks the migration, element by element.',
);

export const MigratedInstanceBody = z
  .object({ instanceId: z.string(), fromVersion: z.number().int(), toVersion: z.number().int() })
  .describe('The moved instance.');

export const InstanceDiagramBody = z
  .object({
    instanceId: z.string(),
    key: z.string(),
    version: z.number().int(),
    status: z.enum(INSTANCE_STATUSES),
    xml: z.string(),
    active: z.array(z.string()).describe('Elements with an open task, a pending timer or a message wait.'),
    completed: z.array(z.string()).describe('Elements completed at least once.'),
    history: z.array(
      z.object({
        at: Instant,
        elementId: z.string().nullable(),
        elementName: z.string().nullable(),
        event: z.enum(HISTORY_EVENT_TYPES),
        text: z.string().nullable(),
        migration: z.object({ fromVersion: z.number().int(), toVersion: z.number().int() }).nullable(),
        actorName: z.string(),
        actedFor: z
          .object({ deputy: z.string(), principal: z.string() })
          .nullable()
          .describe('Done by a deputy for someone else (display names); null for one’s own work.'),
      }),
    ),
  })
  .describe('The diagram of one instance.');

export const DirectoryGroupsBody = z
  .object({
    roles: z.array(z.object({ code: z.string(), name: z.string() })),
    departments: z.array(z.object({ code: z.string(), name: z.string() })),
    groups: z.array(z.string()).describe('Every candidate-group string a user task may name.'),
  })
  .describe('The candidate groups.');

export const DirectoryServicesBody = z
  .object({
    services: z.array(z.object({ name: z.string(), inputs: z.array(z.string()) })),
  })
  .describe('The built-in services.');

export const ApiTokenBody = z
  .object({
    id: z.string(),
    name: z.string().describe('What the token is for.'),
    userId: z.string().describe('The user the token acts as.'),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    lastUsedAt: Instant.nullable(),
    revokedAt: Instant.nullable(),
    revokedBy: z.string().nullable(),
  })
  .describe('An API token (never the token itself).');

export const CreatedApiTokenBody = z
  .object({
    token: z.string().describe('The token: shown this once, never stored.'),
    apiToken: ApiTokenBody,
  })
  .describe('The token and its description.');

export const DepartmentBody = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    active: z.boolean(),
    createdAt: Instant,
  })
  .describe('A department.');

export const UserRecordBody = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    departmentId: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    source: z.enum(['local', 'ldap', 'oidc']),
    active: z.boolean(),
    language: z.string().nullable().describe('The language the person chose; null until they choose.'),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .describe('A user.');

export const CreatedUserBody = z
  .object({
    user: UserRecordBody,
    initialPassword: z.string().nullable().describe('The generated password; null when one was given.'),
  })
  .describe('The new user.');

export const PasswordSetBody = z
  .object({
    user: UserRecordBody,
    newPassword: z.string().nullable().describe('The generated password; null when one was given.'),
  })
  .describe('The user with a new password.');

export const SubstitutionBody = z
  .object({
    id: z.string(),
    principalId: z.string().describe('Who is away.'),
    deputyId: z.string().describe('Who stands in.'),
    fromDate: CalendarDate.describe('First day, in the institution’s time zone.'),
    toDate: CalendarDate.describe('Last day, inclusive.'),
    reason: z.string(),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    revokedAt: Instant.nullable(),
    revokedBy: z.string().nullable(),
  })
  .describe('A substitution.');

export const OpenApiBody = z
  .looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) })
  .describe('An OpenAPI 3.1 document.');
