import type { BlobStore } from '../blobPorts.js';
import type { Db, Queryable } from '../db.js';
import { readDocumentResolution } from '../documentResolution.js';
import type { NewAuditEvent, Repositories, Store } from '../ports.js';
import { apiTokenRepository } from './apiTokenRepository.js';
import { attachmentRepository } from './attachmentRepository.js';
import { auditRepository, writeAuditEvents } from './auditRepository.js';
import { caseFileRepository } from './caseFileRepository.js';
import { correspondentRepository } from './correspondentRepository.js';
import { documentAccessRepository } from './documentAccessRepository.js';
import { counterRepository } from './counterRepository.js';
import { departmentRepository } from './departmentRepository.js';
import { guestInvitationRepository } from './guestInvitationRepository.js';
import { intakeRepository } from './intakeRepository.js';
import { intakeAccountRepository } from './intakeAccountRepository.js';
import { portalRepository } from './portalRepository.js';
import { archiveRepository } from './archiveRepository.js';
import { printJobRepository } from './printJobRepository.js';
import { documentRepository } from './documentRepository.js';
import { incidentRepository } from './incidentRepository.js';
import { jobRepository } from './jobRepository.js';
import { loginThrottleRepository } from './loginThrottleRepository.js';
import { secondFactorRepository } from './secondFactorRepository.js';
import { mailOutboxRepository } from './mailOutboxRepository.js';
import { notificationRepository } from './notificationRepository.js';
import { taskCommentRepository } from './taskCommentRepository.js';
import { messageSubscriptionRepository } from './messageSubscriptionRepository.js';
import { databaseBlobStore } from './databaseBlobStore.js';
import { currentMigration } from './migrate.js';
import { operationalFigures } from './operationalFigures.js';
import { processDefinitionRepository } from './processDefinitionRepository.js';
import { processFormRepository } from './processFormRepository.js';
import { processVersionRepository } from './processVersionRepository.js';
import { processHistoryRepository } from './processHistoryRepository.js';
import { processInstanceRepository } from './processInstanceRepository.js';
import { registerRepository } from './registerRepository.js';
import { reportRepository } from './reportRepository.js';
import { dashboardRepository } from './dashboardRepository.js';
import { reportTemplateRepository } from './reportTemplateRepository.js';
import { sessionRepository } from './sessionRepository.js';
import { substitutionRepository } from './substitutionRepository.js';
import { taskRepository } from './taskRepository.js';
import { userProfileRepository } from './userProfileRepository.js';
import { userRepository } from './userRepository.js';

function repositories(db: Queryable): Repositories {
  return {
    departments: departmentRepository(db),
    users: userRepository(db),
    registers: registerRepository(db),
    counters: counterRepository(db),
    documents: documentRepository(db),
    audit: auditRepository(db),
    correspondents: correspondentRepository(db),
    caseFiles: caseFileRepository(db),
    documentAccess: documentAccessRepository(db),
    attachments: attachmentRepository(db),
    processDefinitions: processDefinitionRepository(db),
    processForms: processFormRepository(db),
    processVersions: processVersionRepository(db),
    processInstances: processInstanceRepository(db),
    tasks: taskRepository(db),
    jobs: jobRepository(db),
    messageSubscriptions: messageSubscriptionRepository(db),
    incidents: incidentRepository(db),
    processHistory: processHistoryRepository(db),
    loginThrottle: loginThrottleRepository(db),
    sessions: sessionRepository(db),
    userProfiles: userProfileRepository(db),
    secondFactors: secondFactorRepository(db),
    apiTokens: apiTokenRepository(db),
    substitutions: substitutionRepository(db),
    notifications: notificationRepository(db),
    mailOutbox: mailOutboxRepository(db),
    taskComments: taskCommentRepository(db),
    reports: reportRepository(db, readDocumentResolution),
    dashboard: dashboardRepository(db),
    reportTemplates: reportTemplateRepository(db),
    guestInvitations: guestInvitationRepository(db),
    intake: intakeRepository(db),
    intakeAccounts: intakeAccountRepository(db),
    portal: portalRepository(db),
    archive: archiveRepository(db),
    printJobs: printJobRepository(db),
  };
}

export interface PostgresStoreOptions {
  /** Where attachment bytes go; by default into the database itself. */
  blobs?: BlobStore;
  /** Runs after the database is closed (releases the data-directory lock). */
  onClose?: () => Promise<void> | void;
}

/**
 * How recent the embedded database's last answer must be for the health check to rely on it: longer
 * than a workflow step may hold the connection (its time budget, 10 s) while the engine runs between
 * two queries, short enough that a database that stopped answering is reported within seconds.
 */
const HEALTH_ANSWER_MS = 15_000;

/** The PostgreSQL-dialect store over a migrated database, on either driver. */
export function postgresStore(db: Db, options: PostgresStoreOptions = {}): Store {
  let knownMigration: string | null | undefined;
  return {
    kind: db.kind,
    blobs: options.blobs ?? databaseBlobStore(db),
    ...repositories(db),
    // Outside a transaction, an event gets one of its own: the chain head must be locked while written.
    audit: {
      ...auditRepository(db),
      append: (event) => db.transaction(async (tx) => void (await writeAuditEvents(tx, [event]))),
    },
    // Audit events of a transaction are chained just before it commits, so that the chain's lock is
    // not held while the use case runs (see writeAuditEvents).
    transaction: (work) =>
      db.transaction(async (tx) => {
        const pending: NewAuditEvent[] = [];
        const repos = repositories(tx);
        const result = await work({
          ...repos,
          audit: {
            ...repos.audit,
            append: async (event) => {
              pending.push({ ...event, occurredAt: event.occurredAt ?? new Date() });
            },
          },
        });
        await writeAuditEvents(tx, pending);
        return result;
      }),
    async migration() {
      // The embedded database has one connection, held by each transaction in turn: a health check
      // would wait out a long workflow step. It answered a query lately and migrations run only at
      // start (one process holds its data directory), so the migration it last read still holds.
      if (knownMigration !== undefined && db.answeredWithin?.(HEALTH_ANSWER_MS)) return knownMigration;
      knownMigration = await currentMigration(db);
      return knownMigration;
    },
    async isEmpty() {
      const [row] = await db.query<{ empty: boolean }>(
        'SELECT NOT EXISTS (SELECT 1 FROM departments) AND NOT EXISTS (SELECT 1 FROM users) AS empty',
      );
      return row?.empty ?? true;
    },
    operationalFigures: (now) => operationalFigures(db, now),
    poolStats: () => db.poolStats?.() ?? null,
    async close() {
      await db.close();
      await options.onClose?.();
    },
  };
}
