/** The e-services portal's tables (migration 0032): services, applications, rate-limit counters. */
import { randomUUID } from 'node:crypto';
import { NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type {
  ApplicationAnswer,
  EService,
  EServiceApplication,
  LocalTexts,
  NewEService,
  PortalRepository,
} from '../portalPorts.js';
import type { JsonObject } from '../workflowPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface ServiceRow {
  id: string;
  code: string;
  names: LocalTexts;
  descriptions: LocalTexts;
  register_id: string;
  form_schema: JsonObject | null;
  attachments_allowed: boolean;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

interface ApplicationRow {
  document_id: string;
  e_service_id: string;
  applicant_email: string;
  answers: JsonObject;
  language: string;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

const SERVICE_COLUMNS =
  'id, code, names, descriptions, register_id, form_schema, attachments_allowed, enabled, created_at, updated_at';
const APPLICATION_COLUMNS =
  'document_id, e_service_id, applicant_email, answers, language, created_at, revoked_at, revoked_by';

const toService = (row: ServiceRow): EService => ({
  id: row.id,
  code: row.code,
  names: row.names,
  descriptions: row.descriptions,
  registerId: row.register_id,
  formSchema: row.form_schema,
  attachmentsAllowed: row.attachments_allowed,
  enabled: row.enabled,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

const toApplication = (row: ApplicationRow): EServiceApplication => ({
  documentId: row.document_id,
  eServiceId: row.e_service_id,
  applicantEmail: row.applicant_email,
  answers: row.answers,
  language: row.language,
  createdAt: new Date(row.created_at),
  revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  revokedBy: row.revoked_by,
});

const serviceParams = (service: NewEService) => [
  service.code,
  JSON.stringify(service.names),
  JSON.stringify(service.descriptions),
  service.registerId,
  service.formSchema === null ? null : JSON.stringify(service.formSchema),
  service.attachmentsAllowed,
  service.enabled,
  service.at,
];

export function portalRepository(db: Queryable): PortalRepository {
  return {
    async insertService(service) {
      try {
        const [row] = await db.query<ServiceRow>(
          `INSERT INTO e_services (id, code, names, descriptions, register_id, form_schema,
             attachments_allowed, enabled, created_at, updated_at)
           VALUES ($9, $1, $2::jsonb, $3::jsonb, $4, $5::jsonb, $6, $7, $8, $8) RETURNING ${SERVICE_COLUMNS}`,
          [...serviceParams(service), randomUUID()],
        );
        return toService(row as ServiceRow);
      } catch (error) {
        rethrowConstraint(error, `e-service "${service.code}"`);
      }
    },
    async updateService(id, service) {
      if (!isUuid(id)) throw new NotFound('No such e-service.');
      let row: ServiceRow | undefined;
      try {
        [row] = await db.query<ServiceRow>(
          `UPDATE e_services SET code = $1, names = $2::jsonb, descriptions = $3::jsonb, register_id = $4,
             form_schema = $5::jsonb, attachments_allowed = $6, enabled = $7, updated_at = $8
           WHERE id = $9 RETURNING ${SERVICE_COLUMNS}`,
          [...serviceParams(service), id],
        );
      } catch (error) {
        rethrowConstraint(error, `e-service "${service.code}"`);
      }
      if (!row) throw new NotFound('No such e-service.');
      return toService(row);
    },
    async getService(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM e_services WHERE id = $1`, [
        id,
      ]);
      return row ? toService(row) : null;
    },
    async getServiceByCode(code) {
      const [row] = await db.query<ServiceRow>(`SELECT ${SERVICE_COLUMNS} FROM e_services WHERE code = $1`, [
        code,
      ]);
      return row ? toService(row) : null;
    },
    async listServices(options = {}) {
      const rows = await db.query<ServiceRow>(
        `SELECT ${SERVICE_COLUMNS} FROM e_services ${options.enabledOnly ? 'WHERE enabled' : ''} ORDER BY code`,
      );
      return rows.map(toService);
    },
    async insertApplication(application) {
      try {
        await db.query(
          `INSERT INTO e_service_applications
             (document_id, e_service_id, token_hash, applicant_email, answers, language, created_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
          [
            application.documentId,
            application.eServiceId,
            application.tokenHash,
            application.applicantEmail,
            JSON.stringify(application.answers),
            application.language,
            application.createdAt,
          ],
        );
      } catch (error) {
        rethrowConstraint(error, 'e-service application');
      }
    },
    async applicationByTokenHash(tokenHash) {
      const [row] = await db.query<ApplicationRow>(
        `SELECT ${APPLICATION_COLUMNS} FROM e_service_applications WHERE token_hash = $1`,
        [tokenHash],
      );
      return row ? toApplication(row) : null;
    },
    async applicationOfDocument(documentId) {
      if (!isUuid(documentId)) return null;
      const [row] = await db.query<ApplicationRow>(
        `SELECT ${APPLICATION_COLUMNS} FROM e_service_applications WHERE document_id = $1`,
        [documentId],
      );
      return row ? toApplication(row) : null;
    },
    async revokeApplicationToken(documentId, by, at) {
      if (!isUuid(documentId)) return null;
      const [row] = await db.query<ApplicationRow>(
        `UPDATE e_service_applications SET revoked_at = $2, revoked_by = $3
          WHERE document_id = $1 AND revoked_at IS NULL RETURNING ${APPLICATION_COLUMNS}`,
        [documentId, at, by],
      );
      return row ? toApplication(row) : null;
    },
    async dispatchedAnswers(documentId) {
      if (!isUuid(documentId)) return [];
      const rows = await db.query<{
        id: string;
        registration_number: string;
        registered_on: string | Date;
        dispatched_at: Date;
      }>(
        `SELECT d.id, d.registration_number, d.registered_on::text AS registered_on, d.dispatched_at
           FROM documents d JOIN registers r ON r.id = d.register_id
          WHERE d.reply_to_id = $1 AND r.kind = 'outgoing' AND d.sequence IS NOT NULL
            AND d.dispatched_at IS NOT NULL
          ORDER BY d.dispatched_at, d.id`,
        [documentId],
      );
      return rows.map((row): ApplicationAnswer => ({
        documentId: row.id,
        registrationNumber: row.registration_number,
        registeredOn: String(row.registered_on).slice(0, 10),
        dispatchedAt: new Date(row.dispatched_at),
      }));
    },
    async findApplicantCard({ email, personalCode }) {
      const [row] = await db.query<{ id: string }>(
        `SELECT id FROM correspondents
          WHERE kind = 'person' AND (lower(email) = lower($1) OR ($2::text IS NOT NULL AND registration_code = $2))
          ORDER BY (registration_code IS NOT DISTINCT FROM $2) DESC, created_at, id LIMIT 1`,
        [email, personalCode],
      );
      return row?.id ?? null;
    },
    async countSubmission(key, windowStart) {
      const [row] = await db.query<{ count: number }>(
        `INSERT INTO e_service_rate_limits (key, window_start, count) VALUES ($1, $2, 1)
         ON CONFLICT (key, window_start) DO UPDATE SET count = e_service_rate_limits.count + 1
         RETURNING count`,
        [key, windowStart],
      );
      return Number(row?.count ?? 1);
    },
    async pruneRateLimits(before) {
      await db.query('DELETE FROM e_service_rate_limits WHERE window_start < $1', [before]);
    },
  };
}
