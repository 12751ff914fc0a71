/** Repository ports of the records side: correspondents, case files, document access and links. */
import type { DocumentRecord, Page } from './ports.js';

export const CORRESPONDENT_KINDS = ['person', 'organisation'] as const;
export type CorrespondentKind = (typeof CORRESPONDENT_KINDS)[number];

export interface Correspondent {
  id: string;
  kind: CorrespondentKind;
  name: string;
  registrationCode: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  eAddress: string | null;
  createdAt: Date;
  updatedAt: Date;
}
export interface NewCorrespondent {
  kind: CorrespondentKind;
  name: string;
  registrationCode?: string | null;
  address?: string | null;
  email?: string | null;
  phone?: string | null;
  eAddress?: string | null;
}

export interface CorrespondentRepository {
  insert(correspondent: NewCorrespondent): Promise<Correspondent>;
  get(id: string): Promise<Correspondent | null>;
  /**
   * Name containing `text` (both folded by `fold`, textFolding.ts) or registration code equal to it;
   * names that begin with it first, then by name.
   */
  find(text: string, limit?: number): Promise<Correspondent[]>;
}

export const RETENTION_CLASSES = ['short', 'long', 'permanent'] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

export interface CaseFile {
  id: string;
  /** Nomenclature index, e.g. `3-12`. */
  indexCode: string;
  title: string;
  departmentId: string | null;
  retention: RetentionClass;
  /** Years to keep; null when permanent. */
  retentionYears: number | null;
  year: number;
  active: boolean;
  createdAt: Date;
}
export interface NewCaseFile {
  indexCode: string;
  title: string;
  departmentId?: string | null;
  retention: RetentionClass;
  retentionYears?: number | null;
  year: number;
}

export interface CaseFileRepository {
  insert(caseFile: NewCaseFile): Promise<CaseFile>;
  get(id: string): Promise<CaseFile | null>;
  list(filter?: { year?: number; departmentId?: string }): Promise<CaseFile[]>;
  /** NotFound when there is no such case file. */
  update(
    id: string,
    changes: { title?: string; departmentId?: string | null; active?: boolean },
  ): Promise<CaseFile>;
}

export type AccessReason = 'reader' | 'routed' | 'granted';

export interface DocumentAccessGrant {
  documentId: string;
  userId: string | null;
  departmentId: string | null;
  reason: AccessReason;
  grantedBy: string | null;
  grantedAt: Date;
}

/**
 * Who is looking, as the access rules need it. Unrestricted documents are visible to everyone
 * with `seesAllUnrestricted` (heads, registrars, auditors, admins), restricted ones only to the
 * people named on them.
 */
export interface DocumentViewer {
  userId: string;
  departmentId: string | null;
  seesAllUnrestricted: boolean;
  /** Principals of a deputy: documents routed or granted to them by name are visible too. */
  actingForIds?: string[];
  /** Heads oversee every draft; others see only the drafts they wrote or are named on. */
  seesAllDrafts?: boolean;
}

export interface DocumentSearch {
  /**
   * Words matched against the stored search text (number, subject, correspondent, attachment
   * text), each folded by `searchWords` (textFolding.ts): every word must occur in it, one of three
   * letters or more anywhere, a shorter one as a word's beginning. The whole text, folded, also
   * matches the beginning of the registration number.
   */
  text?: string;
  registerId?: string;
  registerKind?: string;
  documentKind?: string;
  status?: string;
  /** Registered on or after / on or before, `YYYY-MM-DD`. */
  from?: string;
  to?: string;
  /** Routed to this department, or registered in one of its registers. */
  departmentId?: string;
  /** Routed to this person. */
  executorId?: string;
  correspondentId?: string;
  caseFileId?: string;
  /** Due before this date (`YYYY-MM-DD`) and not closed. */
  overdueOn?: string;
  /** Still being worked on: not closed, for information, filed or cancelled (the dashboard's open work). */
  open?: boolean;
  priority?: 'normal' | 'urgent';
  /** Exactly this registration number, case aside. */
  registrationNumber?: string;
  /** `date` (default): newest first; `priority`: urgent first, then newest. */
  sort?: 'date' | 'priority';
  /**
   * Count at most this many matches (`totalIsCapped` says the count stopped): counting every match
   * of a word part over an archive reads a large share of it, while nobody pages past the first
   * hundreds.
   */
  countUpTo?: number;
  /**
   * Drafts (no number yet) instead of registered documents: a register lists only numbered ones;
   * drafts are found only by their author, the people named on them and heads.
   */
  drafts?: boolean;
  limit?: number;
  offset?: number;
}

export interface DocumentAccessRepository {
  grant(grant: Omit<DocumentAccessGrant, 'grantedAt'>): Promise<void>;
  /**
   * `routed` access for the users with these usernames (case-insensitive) and the departments with
   * these codes, in one statement; names that match nothing, and a document that does not exist, are
   * skipped; existing grants stand.
   */
  grantRouted(
    documentId: string,
    to: { usernames: readonly string[]; departmentCodes: readonly string[] },
    grantedBy: string | null,
  ): Promise<void>;
  list(documentId: string): Promise<DocumentAccessGrant[]>;
  canSee(documentId: string, viewer: DocumentViewer): Promise<boolean>;
  /** Of these ids, those that name a document `viewer` may not see (ids of no document are not returned). */
  hiddenAmong(documentIds: readonly string[], viewer: DocumentViewer): Promise<string[]>;
  link(documentId: string, linkedId: string): Promise<void>;
  links(documentId: string): Promise<string[]>;
}

export type { Page };

export interface Attachment {
  id: string;
  documentId: string;
  sha256: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedBy: string | null;
  uploadedAt: Date;
}
export interface NewAttachment {
  documentId: string;
  sha256: string;
  fileName: string;
  contentType: string;
  size: number;
  textContent?: string | null;
  uploadedBy: string | null;
}

export interface AttachmentRepository {
  insert(attachment: NewAttachment): Promise<Attachment>;
  get(id: string): Promise<Attachment | null>;
  list(documentId: string): Promise<Attachment[]>;
  /** The extracted text of every attachment of a document, for its search text. */
  texts(documentId: string): Promise<string[]>;
  /**
   * Takes an attachment off its document (a draft's file removed in rework): it is no longer
   * listed, its text no longer searched, `get` no longer finds it; the row stays. False when there
   * is no such listed attachment of `documentId`.
   */
  remove(id: string, documentId: string, removedBy: string | null, at: Date): Promise<boolean>;
}

/** A document drafted before registration (an outgoing letter): it has no number until signed. */
export interface NewDraftDocument {
  registerId: string;
  /** The draft's date; replaced by the registration date when the number is issued. */
  draftedOn: string;
  subject: string;
  body: string | null;
  documentKind: string;
  correspondentId: string | null;
  confidentiality: 'public' | 'internal' | 'restricted';
  replyToId: string | null;
  searchText: string;
  createdBy: string;
}

/** The number a draft gets when it is signed. */
export interface IssuedNumber {
  year: number;
  sequence: number;
  registrationNumber: string;
  registeredOn: string;
  searchText: string;
  status: string;
}

/** A draft's content as its author revises it in rework. */
export interface DraftContent {
  subject: string;
  body: string | null;
  correspondentId: string | null;
  searchText: string;
}

/** What only outgoing letters and applications carry beyond the document card. */
export interface LetterDetails {
  body: string | null;
  dispatchedAt: Date | null;
  dueDateExtensionReason: string | null;
}

/**
 * Document methods of outgoing drafts and deadline extensions (engine/records/outgoingLetter.ts,
 * applicationDeadline.ts). A draft has status `draft`, sequence 0 and registration number '' in
 * DocumentRecord (NULL in the database) until `issueNumber`.
 */
export interface DocumentDraftMethods {
  insertDraft(draft: NewDraftDocument): Promise<DocumentRecord>;
  /** Conflict when the stored version is not `expectedVersion` or the document has a number already. */
  issueNumber(id: string, expectedVersion: number, issued: IssuedNumber): Promise<DocumentRecord>;
  /** Replaces a draft's content; Conflict on a stale version or when the document has a number. */
  reviseDraft(id: string, expectedVersion: number, content: DraftContent): Promise<DocumentRecord>;
  /** Conflict on a stale version or when the document was dispatched already. */
  recordDispatch(id: string, expectedVersion: number, channel: string, at: Date): Promise<DocumentRecord>;
  /** Conflict on a stale version or when the due date was extended already (once only). */
  extendDueDate(
    id: string,
    expectedVersion: number,
    dueDate: string,
    reason: string,
  ): Promise<DocumentRecord>;
  letterDetails(id: string): Promise<LetterDetails | null>;
}
