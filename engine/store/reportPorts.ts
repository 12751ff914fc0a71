/**
 * What the printed reports read from the store. Every query takes the viewer and applies the
 * document access rule (see records.md, "Who sees a document") in the store, so a report never holds
 * a row its reader may not see. Calendar dates of instants (task created, completed, due) are taken
 * in `timeZone`. A document's routing is its newest process instance (business key = document id);
 * what that instance decided is a `DocumentResolution`, read from its variables by the
 * `ResolutionReader` the store is given, never by the adapter's own knowledge of variable names.
 */
import type { DocumentViewer } from './recordPorts.js';

/** A calendar day, `YYYY-MM-DD`. */
export type IsoDate = string;

export interface JournalRow {
  registrationNumber: string;
  registeredOn: IsoDate;
  correspondent: string;
  theirNumber: string | null;
  theirDate: IsoDate | null;
  subject: string;
  resolution: string | null;
  executors: string[];
  dueDate: IsoDate | null;
  executedOn: IsoDate | null;
  caseFile: string | null;
}

export interface ControlRow {
  department: string;
  executor: string;
  registrationNumber: string;
  subject: string;
  task: string;
  assignedOn: IsoDate;
  dueDate: IsoDate;
}

export interface CardTask {
  executor: string;
  department: string | null;
  description: string;
  assignedOn: IsoDate;
  dueDate: IsoDate | null;
  completedOn: IsoDate | null;
  result: string | null;
}

export interface CardHistoryEntry {
  at: Date;
  actor: string;
  action: string;
}

export interface StatisticsRow {
  department: string;
  received: number;
  completedOnTime: number;
  completedLate: number;
  open: number;
  /** Null when nothing was completed in the period. */
  averageProcessingDays: number | null;
}

/** What a document's routing process decided, as the reports need it. */
export interface DocumentResolution {
  /** True once the resolution (or the order) was given; `text` is then its wording. */
  decided: boolean;
  text: string | null;
  /** Usernames or department codes, in the order given (shown as display or department names). */
  executors: string[];
  /** The username answering for the document (its department is the statistics' department). */
  responsible: string | null;
}

/**
 * Reads the resolution out of a process instance's variables (plain JSON values). An adapter is
 * given one (`readDocumentResolution` in `documentResolution.ts`) and applies it to the newest
 * instance's variables, so it stores and hands over variables without knowing their names.
 */
export type ResolutionReader = (variables: Readonly<Record<string, unknown>>) => DocumentResolution;

export interface JournalQuery {
  registerId: string;
  from: IsoDate;
  to: IsoDate;
  viewer: DocumentViewer;
  timeZone: string;
  /** Only the documents filed into this case file; none: all. */
  caseFileId?: string | null;
}

/** Where the next page of a journal starts: after this document in registration order. */
export interface JournalCursor {
  registeredOn: IsoDate;
  sequence: number;
  id: string;
}

export interface JournalPage {
  rows: JournalRow[];
  /** Null on the last page. */
  next: JournalCursor | null;
}

export interface ControlQuery {
  asOf: IsoDate;
  viewer: DocumentViewer;
  /** Only tasks of this department (a department head's report); null for every department. */
  departmentId: string | null;
  timeZone: string;
}

export interface ControlCursor {
  offset: number;
}

export interface StatisticsQuery {
  from: IsoDate;
  to: IsoDate;
  viewer: DocumentViewer;
  timeZone: string;
}

/** The parts of a document card that come from its routing: resolution, tasks, history. */
/** A deputy's work for someone else, by display names (see engine/substitutions/onBehalf.ts). */
export interface RoutingActedFor {
  deputy: string;
  principal: string;
}

export interface DocumentRouting {
  resolution: { text: string; author: string; givenOn: IsoDate } | null;
  /** `completedFor`: a task a deputy completed for the person they stood in for. */
  tasks: (CardTask & { taskId: string; completedFor: RoutingActedFor | null })[];
  /** `actedFor`: an event of a deputy's work for someone else. */
  history: (CardHistoryEntry & { actedFor: RoutingActedFor | null })[];
  /** The day the document was executed (status `closed`), in the institution's zone; null while open. */
  executedOn: IsoDate | null;
  /** The order given through the order process: its text and who gave it; null for other documents. */
  order: { text: string; givenBy: string } | null;
}

export interface ReportRepository {
  /** How many documents the journal holds for the viewer (for progress). */
  countJournal(query: JournalQuery): Promise<number>;
  /** Up to `limit` journal rows after `after`, in registration order (keyset paging). */
  journalPage(query: JournalQuery, after: JournalCursor | null, limit: number): Promise<JournalPage>;
  /**
   * Tasks with a due date that were open at the end of `asOf` (created by then, not completed or
   * cancelled by then), of documents the viewer may see, sorted by department, executor, due date.
   */
  controlPage(
    query: ControlQuery,
    after: ControlCursor | null,
    limit: number,
  ): Promise<{ rows: ControlRow[]; next: ControlCursor | null }>;
  /** Resolution, tasks and history of one document (the caller has checked the viewer may see it). */
  documentRouting(documentId: string, timeZone: string): Promise<DocumentRouting>;
  /**
   * Per department, documents registered in the period that the viewer may see: received,
   * completed on time, late, still open, average days from registration to execution.
   */
  statistics(query: StatisticsQuery): Promise<StatisticsRow[]>;
}

/** An administrator's replacement for a shipped report template. */
export interface StoredReportTemplate {
  report: string;
  source: string;
  updatedBy: string | null;
  updatedByName: string;
  updatedAt: Date;
}

export interface ReportTemplateRepository {
  get(report: string): Promise<StoredReportTemplate | null>;
  list(): Promise<StoredReportTemplate[]>;
  /** Stores or replaces the template of `template.report`. */
  put(template: StoredReportTemplate): Promise<StoredReportTemplate>;
  /** True when there was one to delete. */
  delete(report: string): Promise<boolean>;
}
