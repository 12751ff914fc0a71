/**
 * Port of the archive's life cycle (issue 19, part 2): legal holds on case files, appraisal acts and
 * their items, and what an executed act did — case files destroyed, transferred or kept longer,
 * documents whose content was destroyed. See engine/archive and docs/archive.md.
 */
import type { RetentionClass } from './recordPorts.js';

export const APPRAISAL_DECISIONS = ['destroy', 'transfer', 'keep'] as const;
export type AppraisalDecision = (typeof APPRAISAL_DECISIONS)[number];

export const APPRAISAL_ACT_STATUSES = [
  'in_approval',
  'in_rework',
  'approved',
  'withdrawn',
  'executed',
] as const;
export type AppraisalActStatus = (typeof APPRAISAL_ACT_STATUSES)[number];

export type CaseFileOutcome = 'destroyed' | 'transferred' | 'kept';

export interface LegalHold {
  caseFileId: string;
  reason: string;
  setBy: string | null;
  setAt: Date;
}

/** A committee member's decision in the current round of approval. */
export interface CommitteeDecision {
  username: string;
  decision: 'agree' | 'disagree';
  comment: string | null;
  at: string;
}

export interface AppraisalActItem {
  caseFileId: string;
  decision: AppraisalDecision;
  reason: string;
  /** For `keep`: kept until 1 January of this year. */
  keepUntilYear: number | null;
}

export interface AppraisalAct {
  id: string;
  /** `AA-2026-1`. */
  number: string;
  year: number;
  sequence: number;
  departmentId: string | null;
  status: AppraisalActStatus;
  note: string | null;
  /** The three committee members' usernames. */
  committee: string[];
  decisions: CommitteeDecision[];
  preparedBy: string | null;
  preparedAt: Date;
  signedBy: string | null;
  signedAt: Date | null;
  disposedAt: Date | null;
  transferredAt: Date | null;
  packageSha256: string | null;
  processInstanceId: string | null;
  items: AppraisalActItem[];
  version: number;
}

export interface NewAppraisalAct {
  year: number;
  departmentId: string | null;
  note: string | null;
  committee: string[];
  preparedBy: string | null;
  preparedAt: Date;
  items: AppraisalActItem[];
}

/** A case file as the appraisal list shows it: its retention, hold and what became of it. */
export interface ArchiveCaseFile {
  id: string;
  indexCode: string;
  title: string;
  departmentId: string | null;
  year: number;
  retention: RetentionClass;
  retentionYears: number | null;
  active: boolean;
  documentCount: number;
  hold: LegalHold | null;
  outcome: CaseFileOutcome | null;
  keepUntilYear: number | null;
  /** An act that names it and is not withdrawn nor executed yet. */
  pendingActId: string | null;
}

/** A document of a case file, as a transfer package describes it. */
export interface ArchiveDocument {
  id: string;
  registrationNumber: string | null;
  registeredOn: string;
  registerCode: string;
  subject: string;
  documentKind: string;
  status: string;
  confidentiality: string;
  correspondentName: string | null;
  theirNumber: string | null;
  theirDate: string | null;
  body: string | null;
  destroyedAt: Date | null;
  attachments: { id: string; fileName: string; contentType: string; size: number; sha256: string }[];
}

export interface ArchiveRepository {
  /** The case files of years up to `lastYear` (for the appraisal list), optionally of one department. */
  caseFiles(filter: { lastYear: number; departmentId?: string | null }): Promise<ArchiveCaseFile[]>;
  caseFile(id: string): Promise<ArchiveCaseFile | null>;
  hold(caseFileId: string): Promise<LegalHold | null>;
  setHold(hold: LegalHold): Promise<void>;
  /** False when there was no hold. */
  liftHold(caseFileId: string): Promise<boolean>;
  /** Inserts the act with its items and the next number of its year. */
  insertAct(act: NewAppraisalAct): Promise<AppraisalAct>;
  getAct(id: string): Promise<AppraisalAct | null>;
  listActs(): Promise<AppraisalAct[]>;
  /** Conflict when the stored version is not `expectedVersion`. */
  updateAct(
    id: string,
    expectedVersion: number,
    changes: Partial<
      Pick<
        AppraisalAct,
        | 'status'
        | 'decisions'
        | 'signedBy'
        | 'signedAt'
        | 'disposedAt'
        | 'transferredAt'
        | 'packageSha256'
        | 'processInstanceId'
      >
    >,
  ): Promise<AppraisalAct>;
  setOutcome(
    caseFileId: string,
    actId: string,
    outcome: CaseFileOutcome,
    keepUntilYear: number | null,
    at: Date,
  ): Promise<void>;
  /** The case file's documents with their attachments (listed ones), by registration date. */
  documentsOf(caseFileId: string): Promise<ArchiveDocument[]>;
  /**
   * Destroys the content of these documents: subject replaced by `marker`, text, search text, the
   * correspondent's reference, attachment texts, comment bodies and intake messages cleared,
   * attachments taken off; records the disposal. Returns the SHA-256 of the blobs no longer referred
   * to by anything that keeps content, for the caller to delete after commit.
   */
  destroyDocuments(
    documentIds: readonly string[],
    actId: string,
    marker: string,
    at: Date,
  ): Promise<string[]>;
}
