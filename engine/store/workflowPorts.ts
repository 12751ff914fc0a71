/**
 * Repository ports of the process runtime: instances with their engine state, and the rows derived
 * from that state (tasks, jobs, message subscriptions), incidents and the instance history.
 * Derived rows are written in the same transaction as the state they come from.
 */
import { Conflict } from '../errors.js';
import type { JsonValue, Page } from './ports.js';
import type { DocumentViewer } from './recordPorts.js';

export type JsonObject = { [key: string]: JsonValue };

export const INSTANCE_STATUSES = ['running', 'completed', 'cancelled', 'failed'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export interface ProcessInstance {
  id: string;
  definitionId: string;
  processKey: string;
  definitionVersion: number;
  businessKey: string | null;
  status: InstanceStatus;
  /** `engine.getState()`, as JSON. */
  state: JsonObject;
  variables: JsonObject;
  /** Optimistic concurrency: bumped by every save. */
  versionNo: number;
  startedBy: string | null;
  startedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}
export type ProcessInstanceSummary = Omit<ProcessInstance, 'state'>;

export interface NewProcessInstance {
  id: string;
  definitionId: string;
  processKey: string;
  definitionVersion: number;
  businessKey: string | null;
  status: InstanceStatus;
  state: JsonObject;
  variables: JsonObject;
  startedBy: string | null;
  startedAt: Date;
  endedAt?: Date | null;
}

export interface InstanceChange {
  status: InstanceStatus;
  state: JsonObject;
  variables: JsonObject;
  endedAt: Date | null;
  endReason?: string | null;
}

export interface InstanceFilter {
  status?: InstanceStatus;
  processKey?: string;
  businessKey?: string;
  limit?: number;
  offset?: number;
}

export interface ProcessInstanceRepository {
  insert(instance: NewProcessInstance): Promise<ProcessInstance>;
  get(id: string): Promise<ProcessInstance | null>;
  /**
   * Saves a new state when the stored version is still `expectedVersionNo` and returns the instance
   * with the next version. VersionConflict when someone saved in between; NotFound when absent.
   */
  update(id: string, expectedVersionNo: number, change: InstanceChange): Promise<ProcessInstance>;
  /** Changes the status only (no engine step), with the same version check. */
  setStatus(id: string, expectedVersionNo: number, status: InstanceStatus): Promise<ProcessInstance>;
  list(filter?: InstanceFilter): Promise<Page<ProcessInstanceSummary>>;
}

export const TASK_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskRecord {
  id: string;
  instanceId: string;
  processKey: string;
  businessKey: string | null;
  elementId: string;
  executionId: string;
  name: string;
  /** A username. */
  assignee: string | null;
  /**
   * The assignee the task was created with: with the candidates, its original offer, which
   * unclaiming gives it back to. Set by insert from `assignee`.
   */
  initialAssignee: string | null;
  /** Role codes or department codes. */
  candidateGroups: string[];
  /** Usernames. */
  candidateUsers: string[];
  dueAt: Date | null;
  priority: number | null;
  formKey: string | null;
  /** The multi-instance element this task stands for, or null. */
  loopItem: JsonValue | null;
  status: TaskStatus;
  claimedAt: Date | null;
  completedBy: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

/** A task that reaches nobody (TaskRepository.listUnreachable). */
export interface UnreachableTaskRow {
  task: TaskRecord;
  /**
   * Active users are assigned or offered the task, but none of them may see its document; false
   * when nobody active is assigned or offered it at all.
   */
  documentHidden: boolean;
}

export type NewTask = Omit<
  TaskRecord,
  'id' | 'status' | 'claimedAt' | 'completedBy' | 'completedAt' | 'initialAssignee'
>;

export interface TaskRepository {
  insert(task: NewTask): Promise<TaskRecord>;
  get(id: string): Promise<TaskRecord | null>;
  listByInstance(instanceId: string, options?: { status?: TaskStatus }): Promise<TaskRecord[]>;
  /** Open tasks assigned to `username` or offered to it or to one of `groups`. */
  listOpenFor(username: string, groups: readonly string[]): Promise<TaskRecord[]>;
  /**
   * Open tasks of running instances whose `controller` variable is `username`: what the person
   * controls. Overdue first (before `now`), then by due date, then oldest first; paged, with the
   * total and the overdue count — each at most `countUpTo` when given (`totalIsCapped`,
   * `overdueIsCapped`: there are more).
   */
  listOpenControlledBy(
    username: string,
    options: { now: Date; limit: number; offset: number; countUpTo?: number },
  ): Promise<{
    items: TaskRecord[];
    total: number;
    overdue: number;
    totalIsCapped: boolean;
    overdueIsCapped: boolean;
  }>;
  /**
   * A person's inbox, filtered, counted and paged in the store: the open tasks assigned to one of
   * `usernames` (the person and those they stand in for) — "mine" — or assigned to nobody and offered
   * to one of them or to one of `groups` — "unassigned". A task on a document the viewer may not see
   * is in neither. Overdue first, then by due date (none last), then oldest first.
   */
  inbox(filter: InboxFilter): Promise<InboxPage>;
  /**
   * Open tasks that reach no inbox: assigned to a username no active user has, or unassigned with
   * no candidate user that is an active user and no candidate group that an active user answers to
   * (a role code, a department code, `role:DEPT`); or, on a document, reaching active users none of
   * whom may see that document (`documentHidden`: a restricted one they are not named on). Who sees
   * a document is the access rule with drafts, the viewer's roles widening it as `viewerRoles` says
   * (engine/policies/document.ts). Oldest first.
   */
  listUnreachable(viewerRoles: {
    seesAllUnrestricted: readonly string[];
    seesAllDrafts: readonly string[];
  }): Promise<UnreachableTaskRow[]>;
  /** Conflict when the task is no longer open. */
  complete(id: string, completedBy: string, at: Date): Promise<TaskRecord>;
  /** Cancels the open tasks of `instanceId` whose execution id is listed (all when omitted). */
  cancelOpen(instanceId: string, at: Date, executionIds?: readonly string[]): Promise<number>;
  /**
   * Sets the assignee of an open task when its current assignee is `expectedAssignee`
   * (Conflict otherwise): claiming cannot overwrite someone else's claim.
   */
  setAssignee(
    id: string,
    expectedAssignee: string | null,
    assignee: string | null,
    at: Date,
  ): Promise<TaskRecord>;
}

export const JOB_STATUSES = ['pending', 'fired', 'cancelled', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type JobKind = 'timer' | 'timer_start';

export interface Job {
  id: string;
  /** The instance whose timer this is; null for a timer start (no instance yet). */
  instanceId: string | null;
  /** The definition whose timer start event this is; null for an instance's timer. */
  definitionId: string | null;
  kind: JobKind;
  elementId: string;
  /** The timer's execution id (stable across getState/recover); for a timer start, its occurrence. */
  executionId: string;
  dueAt: Date;
  status: JobStatus;
  lockedBy: string | null;
  lockedUntil: Date | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}
export interface NewJob {
  instanceId: string;
  kind: 'timer';
  elementId: string;
  executionId: string;
  dueAt: Date;
  createdAt: Date;
}
export interface NewStartJob {
  definitionId: string;
  elementId: string;
  dueAt: Date;
  createdAt: Date;
}

export interface JobRepository {
  /** Inserts the job unless (instance, execution id) already has one; returns whether it was new. */
  insertIfAbsent(job: NewJob): Promise<boolean>;
  get(id: string): Promise<Job | null>;
  listByInstance(instanceId: string, options?: { status?: JobStatus }): Promise<Job[]>;
  /**
   * Leases up to `limit` pending jobs of running instances, due at `now`, whose lease is free or
   * expired (a failed or cancelled instance's jobs wait for it), skipping jobs another transaction
   * holds rather than waiting for them (PostgreSQL: FOR UPDATE SKIP LOCKED): concurrent claimers get
   * different jobs.
   */
  claimDue(options: { now: Date; limit: number; workerId: string; leaseMs: number }): Promise<Job[]>;
  /** Ends pending (or failed, on a retry) jobs of `instanceId`: those with the listed execution ids, or all. */
  finish(
    instanceId: string,
    status: Exclude<JobStatus, 'pending'>,
    at: Date,
    executionIds?: readonly string[],
  ): Promise<number>;
  /** Cancels the pending jobs of `instanceId` except those of the listed (still set) timers. */
  cancelPendingExcept(instanceId: string, keepExecutionIds: readonly string[], at: Date): Promise<number>;
  /** Schedules an occurrence of a timer start event unless it is already scheduled; true when new. */
  scheduleStart(job: NewStartJob): Promise<boolean>;
  /** The timer-start jobs of one start event of one definition, any status. */
  listStarts(definitionId: string, elementId: string): Promise<Job[]>;
  /** Pending timer starts of `processKey` whose definition is not `keepDefinitionId` are cancelled. */
  cancelStartsExcept(processKey: string, keepDefinitionId: string, at: Date): Promise<number>;
  /** Ends one job (a timer start once its instance started). Conflict when it is not pending. */
  finishOne(id: string, status: Exclude<JobStatus, 'pending'>, at: Date): Promise<void>;
  /** Gives a claimed job back after a failed attempt, so that it is retried after `retryAt`. */
  release(id: string, error: string, retryAt: Date): Promise<void>;
}

export interface MessageSubscription {
  id: string;
  instanceId: string;
  businessKey: string | null;
  messageName: string;
  /** The BPMN message element id the engine is signalled with. */
  messageRef: string;
  elementId: string;
  executionId: string;
  createdAt: Date;
}
export type NewMessageSubscription = Omit<MessageSubscription, 'id'>;

export interface MessageSubscriptionRepository {
  /** Makes `subscriptions` the instance's whole set, keeping rows whose execution id stays. */
  replaceForInstance(instanceId: string, subscriptions: readonly NewMessageSubscription[]): Promise<void>;
  find(messageName: string, businessKey: string | null): Promise<MessageSubscription[]>;
  /** Every wait for the message `messageName`, whatever the instance's business key. */
  findByName(messageName: string): Promise<MessageSubscription[]>;
  listByInstance(instanceId: string): Promise<MessageSubscription[]>;
}

export interface Incident {
  id: string;
  instanceId: string;
  elementId: string | null;
  message: string;
  status: 'open' | 'resolved';
  /** The failed step, to run again on retry. */
  command: JsonObject;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}
export type NewIncident = Pick<Incident, 'instanceId' | 'elementId' | 'message' | 'command' | 'createdAt'>;

export interface IncidentRepository {
  insert(incident: NewIncident): Promise<Incident>;
  get(id: string): Promise<Incident | null>;
  listByInstance(instanceId: string): Promise<Incident[]>;
  /** Conflict when it is not open any more. */
  resolve(id: string, by: string, at: Date): Promise<Incident>;
}

export const HISTORY_EVENT_TYPES = [
  'instance.started',
  'instance.completed',
  'instance.cancelled',
  'activity.started',
  'activity.completed',
  'task.created',
  'task.claimed',
  'task.unclaimed',
  'task.reassigned',
  'task.completed',
  'task.cancelled',
  'timer.scheduled',
  'timer.fired',
  'message.correlated',
  'variables.changed',
  'service.called',
  'notification.recorded',
  'history.appended',
  'incident.created',
  'incident.resolved',
] as const;
export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number];

export interface HistoryEvent {
  id: number;
  instanceId: string;
  at: Date;
  actorId: string | null;
  actorName: string;
  type: HistoryEventType;
  elementId: string | null;
  details: JsonObject;
}
export type NewHistoryEvent = Omit<HistoryEvent, 'id'>;

export interface ProcessHistoryRepository {
  /** Appends in the given order. */
  append(events: readonly NewHistoryEvent[]): Promise<void>;
  listByInstance(instanceId: string, options?: { afterId?: number; limit?: number }): Promise<HistoryEvent[]>;
}

export interface WorkflowRepositories {
  processInstances: ProcessInstanceRepository;
  tasks: TaskRepository;
  jobs: JobRepository;
  messageSubscriptions: MessageSubscriptionRepository;
  incidents: IncidentRepository;
  processHistory: ProcessHistoryRepository;
}

/**
 * The instance was saved by someone else since it was read: the step is retried on the new state
 * (or, after the last attempt, answered as a Conflict).
 */
export class VersionConflict extends Conflict {
  constructor(instanceId: string) {
    super(`process instance ${instanceId} was changed by someone else; reload it and try again`);
    this.name = 'VersionConflict';
  }
}

export const INBOX_SCOPES = ['all', 'mine', 'unassigned'] as const;
export type InboxScope = (typeof INBOX_SCOPES)[number];

export interface InboxFilter {
  usernames: readonly string[];
  /** Offer groups: role codes, department codes, `role:DEPT`. */
  groups: readonly string[];
  viewer: DocumentViewer;
  scope: InboxScope;
  overdueOnly: boolean;
  /**
   * `due` (default): overdue first, then tasks on urgent documents, then by due date;
   * `priority`: tasks on urgent documents first, then overdue, then by due date.
   */
  sort?: 'due' | 'priority';
  /** Due before this is overdue. */
  now: Date;
  limit: number;
  offset: number;
  /**
   * Count at most this many tasks per tab and for `total` (`countsCapped`, `totalIsCapped` say the
   * count stopped): counting every one of thousands of tasks is most of a first page's work. Every
   * task when left out.
   */
  countUpTo?: number;
}

export interface InboxPage {
  items: TaskRecord[];
  /** Ids of the items that are on an urgent document. */
  urgentIds: ReadonlySet<string>;
  /** Counted over every scope, regardless of `scope` and `overdueOnly`. */
  counts: Record<InboxScope, number> & { overdue: number };
  /** Which counts stopped at `countUpTo`: there are more than that. */
  countsCapped: Record<InboxScope, boolean> & { overdue: boolean };
  /** The items of this scope and filter, on every page. */
  total: number;
  /** `total` stopped at `countUpTo`: there are more. */
  totalIsCapped: boolean;
}
