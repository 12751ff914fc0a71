/**
 * Repository ports: what the engine needs from storage, independent of the database behind it.
 * Every adapter passes the contract suite in test/store/contract/.
 */

import type { OperationalFigures, PoolStats } from './operationsPorts.js';
import type { ApiTokenRepository } from './apiTokenPorts.js';
import type { GuestInvitationRepository } from './guestPorts.js';
import type { IntakeRepository } from './intakePorts.js';
import type { IntakeAccountRepository } from './intakeAccountPorts.js';
import type { PortalRepository } from './portalPorts.js';
import type { ArchiveRepository } from './archivePorts.js';
import type { PrintJobRepository } from './printJobPorts.js';
import type { LoginThrottleRepository, SessionRepository, UserProfileRepository } from './authPorts.js';
import type { SecondFactorRepository } from './secondFactorPorts.js';
import type { ProcessDefinitionRepository } from './definitionPorts.js';
import type { SubstitutionRepository } from './substitutionPorts.js';
import type { ProcessFormRepository } from './processFormPorts.js';
import type { ProcessVersionRepository } from './processVersionPorts.js';
import type { BlobStore } from './blobPorts.js';
import type { MailOutboxRepository, NotificationRepository } from './notificationPorts.js';
import type { TaskCommentRepository } from './taskCommentPorts.js';
import type { ReportRepository, ReportTemplateRepository } from './reportPorts.js';
import type { DashboardRepository } from './dashboardPorts.js';
import type {
  AttachmentRepository,
  CaseFileRepository,
  CorrespondentRepository,
  DocumentAccessRepository,
  DocumentDraftMethods,
  DocumentSearch,
  DocumentViewer,
} from './recordPorts.js';
import type {
  IncidentRepository,
  JobRepository,
  MessageSubscriptionRepository,
  ProcessHistoryRepository,
  ProcessInstanceRepository,
  TaskRepository,
} from './workflowPorts.js';

export const ROLES = ['registrar', 'head', 'dept_head', 'executor', 'designer', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const REGISTER_KINDS = ['incoming', 'outgoing', 'internal', 'order', 'application'] as const;
export type RegisterKind = (typeof REGISTER_KINDS)[number];

export const CONFIDENTIALITY_LEVELS = ['public', 'internal', 'restricted'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number];

/** How urgent a document's work is: urgent work is shown and ranked first (register, inbox). */
export const DOCUMENT_PRIORITIES = ['normal', 'urgent'] as const;
export type DocumentPriority = (typeof DOCUMENT_PRIORITIES)[number];

export const CHANNELS = ['post', 'email', 'e_address', 'in_person', 'portal', 'internal'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Department {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  /** A deactivated department takes no new users, registers or routing; it stays for the record. */
  active: boolean;
  createdAt: Date;
}
export interface NewDepartment {
  code: string;
  name: string;
  parentId?: string | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  departmentId: string | null;
  roles: Role[];
  /** Where the account lives: a local password, the directory (LDAP / AD), or an OpenID provider. */
  source: UserSource;
  active: boolean;
  /**
   * The language the person chose in the language switch (`lv`, `en`, …): their mails are written
   * in it. Null until they choose; the institution's default language applies then.
   */
  language: string | null;
  createdAt: Date;
  updatedAt: Date;
}
export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  departmentId?: string | null;
  roles: Role[];
  source: UserSource;
  /** argon2 hash for local accounts; never the password itself. */
  passwordHash?: string | null;
  /** Who the person is at their OpenID provider; required for (and only for) source 'oidc'. */
  externalIdentity?: ExternalIdentity | null;
}

export type UserSource = 'local' | 'ldap' | 'oidc';

/** An OpenID provider's name for a person: its issuer and their subject (`sub`), which it never reuses. */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
}

export interface Register {
  id: string;
  code: string;
  name: string;
  kind: RegisterKind;
  /** Tokens such as `{seq}`, `{seq:4}`, `{yyyy}`, `{yy}`: e.g. `3-12/{yyyy}/{seq}`. */
  numberPattern: string;
  /** Numbering restarts each calendar year; otherwise one sequence for all years (year 0). */
  yearlyReset: boolean;
  departmentId: string | null;
  /** BPMN process started when a document is registered. */
  processKey: string | null;
  /** Answer deadline, ISO 8601 duration or working days: `P1M`, `P30D`, `P15WD`. */
  answerDeadlineRule: string | null;
  active: boolean;
  createdAt: Date;
}
export interface NewRegister {
  code: string;
  name: string;
  kind: RegisterKind;
  numberPattern: string;
  yearlyReset?: boolean;
  departmentId?: string | null;
  processKey?: string | null;
  answerDeadlineRule?: string | null;
}

export interface DocumentRecord {
  id: string;
  registerId: string;
  /** Numbering year (0 for registers without yearly reset). */
  year: number;
  /** Gapless sequence within (register, year). */
  sequence: number;
  registrationNumber: string;
  /** Calendar date, `YYYY-MM-DD`. */
  registeredOn: string;
  subject: string;
  status: string;
  confidentiality: Confidentiality;
  priority: DocumentPriority;
  dueDate: string | null;
  /** Why the due date differs from the register's rule, when it was overridden. */
  dueDateReason: string | null;
  /** Letter, application, complaint, …: see engine/records/documentKinds.ts. */
  documentKind: string;
  correspondentId: string | null;
  /** The correspondent's own reference number and date. */
  theirNumber: string | null;
  theirDate: string | null;
  channel: Channel | null;
  pages: number | null;
  caseFileId: string | null;
  replyToId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Optimistic concurrency: bumped on every update. */
  version: number;
}
export interface NewDocument {
  registerId: string;
  year: number;
  sequence: number;
  registrationNumber: string;
  registeredOn: string;
  subject: string;
  status?: string;
  confidentiality?: Confidentiality;
  priority?: DocumentPriority;
  dueDate?: string | null;
  dueDateReason?: string | null;
  documentKind?: string;
  correspondentId?: string | null;
  theirNumber?: string | null;
  theirDate?: string | null;
  channel?: Channel | null;
  pages?: number | null;
  caseFileId?: string | null;
  replyToId?: string | null;
  /** Folded text that search matches (`foldedSearchText` in textFolding.ts); by default number and subject. */
  searchText?: string;
  createdBy?: string | null;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface AuditEvent {
  /** Gapless position in the trail, from 1. */
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  /** Kept as written at the time, so the trail reads right after a user is renamed. */
  actorName: string;
  /** Set when a deputy acted for someone else. */
  onBehalfOfId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  details: { [key: string]: JsonValue };
  prevHash: string;
  /** SHA-256 over the previous hash and this event's content: see engine/audit/auditChain.ts. */
  hash: string;
}
export interface NewAuditEvent {
  occurredAt?: Date;
  actorId: string | null;
  actorName: string;
  onBehalfOfId?: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  details?: { [key: string]: JsonValue };
}
export interface AuditFilter {
  actorId?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  /** Events after this seq (paging forward). */
  afterSeq?: number;
  limit?: number;
}
export type AuditVerification =
  { ok: true; count: number } | { ok: false; count: number; brokenAtSeq: number };

export interface Page<T> {
  items: T[];
  total: number;
  /** Set when counting stopped at `total`: there are at least that many (see DocumentSearch.countUpTo). */
  totalIsCapped?: boolean;
}

export interface DepartmentRepository {
  insert(department: NewDepartment): Promise<Department>;
  get(id: string): Promise<Department | null>;
  getByCode(code: string): Promise<Department | null>;
  list(): Promise<Department[]>;
  /** NotFound when there is no such department. */
  update(id: string, changes: { name?: string; active?: boolean }): Promise<Department>;
  /** How much refers to the department: it can be deleted only when nothing does. */
  usage(id: string): Promise<{ activeUsers: number; users: number; documents: number; registers: number }>;
  /** Conflict when anything still refers to the department. */
  delete(id: string): Promise<void>;
}

export interface UserRepository {
  insert(user: NewUser): Promise<User>;
  get(id: string): Promise<User | null>;
  getByUsername(username: string): Promise<User | null>;
  /** The account an OpenID provider's issuer and subject belong to, or null. */
  getByExternalIdentity(identity: ExternalIdentity): Promise<User | null>;
  /** The display names of these usernames (case-insensitive), keyed by the username as asked. */
  displayNames(usernames: readonly string[]): Promise<Map<string, string>>;
  list(): Promise<User[]>;
  /**
   * The active users answering to any of `groups` — a role, a department code, or `role:DEPT` (the
   * codes `actorGroups` gives a user) — at most `limit` of them, by username.
   */
  answeringTo(groups: readonly string[], limit: number): Promise<User[]>;
  setRoles(id: string, roles: Role[]): Promise<User>;
  setActive(id: string, active: boolean): Promise<User>;
  /** NotFound when there is no such user. */
  update(
    id: string,
    changes: { displayName?: string; email?: string | null; departmentId?: string | null },
  ): Promise<User>;
  /** Stores the person's chosen language, or null to forget it. NotFound when there is no such user. */
  setLanguage(id: string, language: string | null): Promise<User>;
  /** Replaces the argon2 hash of a local account. */
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  /** The stored argon2 hash of a local account, or null. */
  passwordHash(username: string): Promise<string | null>;
}

export type RegisterChanges = Partial<
  Pick<
    Register,
    'name' | 'numberPattern' | 'processKey' | 'answerDeadlineRule' | 'active' | 'departmentId' | 'yearlyReset'
  >
>;

export interface RegisterRepository {
  insert(register: NewRegister): Promise<Register>;
  /** NotFound when there is no such register. */
  update(id: string, changes: RegisterChanges): Promise<Register>;
  get(id: string): Promise<Register | null>;
  getByCode(code: string): Promise<Register | null>;
  list(): Promise<Register[]>;
}

export interface CounterRepository {
  /**
   * Takes the next number of (register, year) inside the caller's transaction. The number is
   * held (row lock) until that transaction ends: committed it is used, rolled back it is free again,
   * so numbers are gapless under any concurrency.
   */
  next(registerId: string, year: number): Promise<number>;
  /** The last number taken and committed (0 if none). */
  current(registerId: string, year: number): Promise<number>;
  /** The highest last number of the register over all its years (0 if none). */
  highest(registerId: string): Promise<number>;
  /**
   * Makes the (register, year) counter at least `atLeast` (never lowers it), in the caller's
   * transaction: a register whose yearly reset is switched carries its count over, so that no number
   * is given twice.
   */
  raise(registerId: string, year: number, atLeast: number): Promise<void>;
}

export interface DocumentRepository extends DocumentDraftMethods {
  /** Conflict when (register, year, sequence) or the registration number is already used. */
  insert(document: NewDocument): Promise<DocumentRecord>;
  get(id: string): Promise<DocumentRecord | null>;
  /** The documents of these ids that exist (any order); ids that are no UUID are ignored. */
  getMany(ids: readonly string[]): Promise<DocumentRecord[]>;
  /** The register of the last document this user registered (a draft does not count), if any. */
  lastRegisterOf(userId: string): Promise<string | null>;
  /** The register's numbered documents; drafts (no number yet) are not in it. */
  listByRegister(
    registerId: string,
    options?: { year?: number; limit?: number; offset?: number },
  ): Promise<Page<DocumentRecord>>;
  /** Conflict when the stored version is not `expectedVersion`. */
  setStatus(id: string, expectedVersion: number, status: string): Promise<DocumentRecord>;
  /** Files the document into a case file (or out of it, with null); Conflict on a stale version. */
  setCaseFile(id: string, expectedVersion: number, caseFileId: string | null): Promise<DocumentRecord>;
  /** Marks the document urgent or normal; Conflict on a stale version. */
  setPriority(id: string, expectedVersion: number, priority: DocumentPriority): Promise<DocumentRecord>;
  /** Replaces the text search matches (number, subject, correspondent, attachment text). */
  setSearchText(id: string, searchText: string): Promise<void>;
  /** Documents matching `filter` that `viewer` may see, newest first. */
  search(filter: DocumentSearch, viewer: DocumentViewer): Promise<Page<DocumentRecord>>;
}

/** Append-only: events are never updated or deleted (the database refuses it too). */
export interface AuditRepository {
  /**
   * Adds an event to the trail. Inside a transaction the event is written when the transaction
   * commits (and not at all if it rolls back); outside one, at once.
   */
  append(event: NewAuditEvent): Promise<void>;
  list(filter?: AuditFilter): Promise<AuditEvent[]>;
  /** Recomputes the hash chain from the first event. */
  verify(): Promise<AuditVerification>;
}

export interface Repositories {
  departments: DepartmentRepository;
  users: UserRepository;
  registers: RegisterRepository;
  counters: CounterRepository;
  documents: DocumentRepository;
  audit: AuditRepository;
  correspondents: CorrespondentRepository;
  caseFiles: CaseFileRepository;
  documentAccess: DocumentAccessRepository;
  attachments: AttachmentRepository;
  processDefinitions: ProcessDefinitionRepository;
  processForms: ProcessFormRepository;
  processVersions: ProcessVersionRepository;
  processInstances: ProcessInstanceRepository;
  tasks: TaskRepository;
  jobs: JobRepository;
  messageSubscriptions: MessageSubscriptionRepository;
  incidents: IncidentRepository;
  processHistory: ProcessHistoryRepository;
  loginThrottle: LoginThrottleRepository;
  sessions: SessionRepository;
  userProfiles: UserProfileRepository;
  secondFactors: SecondFactorRepository;
  apiTokens: ApiTokenRepository;
  substitutions: SubstitutionRepository;
  notifications: NotificationRepository;
  mailOutbox: MailOutboxRepository;
  taskComments: TaskCommentRepository;
  reports: ReportRepository;
  dashboard: DashboardRepository;
  reportTemplates: ReportTemplateRepository;
  guestInvitations: GuestInvitationRepository;
  intake: IntakeRepository;
  intakeAccounts: IntakeAccountRepository;
  portal: PortalRepository;
  archive: ArchiveRepository;
  printJobs: PrintJobRepository;
}

export type StoreKind = 'pglite' | 'postgres' | 'mongodb';

export interface Store extends Repositories {
  readonly kind: StoreKind;
  /** Attachment bytes; outside transactions (a blob left by a rolled-back upload is harmless). */
  readonly blobs: BlobStore;
  /** Runs `work` in one transaction: every repository call inside it commits or rolls back together. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Id of the newest applied migration. */
  migration(): Promise<string | null>;
  /** True when no department and no user exists yet (a fresh installation). */
  isEmpty(): Promise<boolean>;
  /** Outbox depth, overdue jobs, open incidents: read at each metrics scrape (operationsPorts.ts). */
  operationalFigures?(now: Date): Promise<OperationalFigures>;
  /** The connection pool's state where the driver tells it (a PostgreSQL server), else null. */
  poolStats?(): PoolStats | null;
  close(): Promise<void>;
}
