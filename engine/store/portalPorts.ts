/**
 * Port of the citizen e-services portal (issue 17, part 1): e-services configured by an
 * administrator, the applications made through them (the tracking token kept only as its SHA-256
 * hash), and the submission counters the rate limits read (one table, so several servers agree).
 */
import type { JsonObject } from './workflowPorts.js';

/**
 * Text per page language: Latvian, English and Russian always; the other page languages when the
 * administrator wrote them (a reader of one that is missing gets the Latvian).
 */
export type LocalTexts = Record<'lv' | 'en' | 'ru', string> & Partial<Record<'lt' | 'cs' | 'kk', string>>;

export interface EService {
  id: string;
  /** Short, lower-case, in the service's address: `/e-services/<code>`. */
  code: string;
  names: LocalTexts;
  descriptions: LocalTexts;
  registerId: string;
  /** The public form (form-js JSON), or null for a service with the applicant's fields only. */
  formSchema: JsonObject | null;
  attachmentsAllowed: boolean;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewEService {
  code: string;
  names: LocalTexts;
  descriptions: LocalTexts;
  registerId: string;
  formSchema: JsonObject | null;
  attachmentsAllowed: boolean;
  enabled: boolean;
  at: Date;
}

export interface EServiceApplication {
  documentId: string;
  eServiceId: string;
  applicantEmail: string;
  answers: JsonObject;
  /** The page language the citizen applied in: the mails are written in it. */
  language: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export interface NewEServiceApplication {
  documentId: string;
  eServiceId: string;
  /** SHA-256 of the tracking token, hex; the token itself is never stored. */
  tokenHash: string;
  applicantEmail: string;
  answers: JsonObject;
  language: string;
  createdAt: Date;
}

/** A dispatched outgoing letter that answers an application, as its tracking page shows it. */
export interface ApplicationAnswer {
  documentId: string;
  registrationNumber: string;
  registeredOn: string;
  dispatchedAt: Date;
}

export interface PortalRepository {
  insertService(service: NewEService): Promise<EService>;
  /** NotFound when absent; Conflict on a code in use. */
  updateService(id: string, service: NewEService): Promise<EService>;
  /** Null for an unknown or malformed id. */
  getService(id: string): Promise<EService | null>;
  getServiceByCode(code: string): Promise<EService | null>;
  /** Every service by code; `enabledOnly` for the public list. */
  listServices(options?: { enabledOnly?: boolean }): Promise<EService[]>;
  insertApplication(application: NewEServiceApplication): Promise<void>;
  /** The application of a tracking token's hash, revoked ones too (the caller decides). */
  applicationByTokenHash(tokenHash: string): Promise<EServiceApplication | null>;
  applicationOfDocument(documentId: string): Promise<EServiceApplication | null>;
  /** Null when there is no application of the document or it was revoked already. */
  revokeApplicationToken(documentId: string, by: string, at: Date): Promise<EServiceApplication | null>;
  /** Registered outgoing letters replying to the document and dispatched, oldest first. */
  dispatchedAnswers(documentId: string): Promise<ApplicationAnswer[]>;
  /** A person's card with this e-mail (case-insensitive) or personal code; the oldest one. */
  findApplicantCard(props: { email: string; personalCode: string | null }): Promise<string | null>;
  /**
   * Counts one more submission for `key` in the window starting at `windowStart` and answers the
   * count now, atomically (concurrent servers never both see the same count).
   */
  countSubmission(key: string, windowStart: Date): Promise<number>;
  /** Drops counters of windows that started before `before`. */
  pruneRateLimits(before: Date): Promise<void>;
}
