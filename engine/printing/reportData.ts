/**
 * What the five reports print, as plain data. The records layer fills these from the store; the
 * printing engine knows nothing else about documents. Calendar dates are `YYYY-MM-DD` strings, as
 * in the store; long lists arrive as `AsyncIterable` so that a register is printed while it is read.
 */
import type {
  CardHistoryEntry,
  CardTask,
  ControlRow,
  IsoDate,
  JournalRow,
  StatisticsRow,
} from '../store/reportPorts.js';
import type { PrintLocale } from './labels.js';

// The rows the store reads for the reports are declared with its port (engine/store/reportPorts.ts).
export type { CardHistoryEntry, CardTask, ControlRow, IsoDate, JournalRow, StatisticsRow };

/** Who prints, for whom, when: the frame of every page. */
export interface PrintContext {
  locale: PrintLocale;
  /** IANA zone in which instants are printed, e.g. `Europe/Riga`. */
  timeZone: string;
  institution: {
    name: string;
    /** A PNG or JPEG file printed in the page header. */
    logoPath?: string | null;
  };
  /** Injected, never read from the clock here, so that output is reproducible. */
  generatedAt: Date;
  /** The display name of the user who asked for the report. */
  generatedBy: string;
}

export interface JournalData {
  register: { code: string; name: string };
  from: IsoDate;
  to: IsoDate;
  /** The case file the journal is limited to; null: the whole register. */
  caseFile?: { indexCode: string; title: string; year: number } | null;
  /** In registration order. */
  rows: AsyncIterable<JournalRow>;
}

export interface ControlData {
  asOf: IsoDate;
  /** Sorted by department, then executor, then due date: the report groups consecutive rows. */
  rows: AsyncIterable<ControlRow>;
}

export interface DocumentCardData {
  registrationNumber: string;
  registeredOn: IsoDate;
  register: string;
  correspondent: string | null;
  theirNumber: string | null;
  theirDate: IsoDate | null;
  subject: string;
  caseFile: string | null;
  status: string;
  dueDate: IsoDate | null;
  executedOn: IsoDate | null;
  resolution: { text: string; author: string; givenOn: IsoDate } | null;
  tasks: CardTask[];
  history: CardHistoryEntry[];
  /** Every comment and step note, oldest first (`kind` already in the print language). */
  thread?: CardThreadEntry[];
  /** A letter's text (an outgoing letter, a notice to an applicant), one paragraph per line. */
  text?: string[];
}

export interface CardThreadEntry {
  at: Date;
  author: string;
  kind: string;
  /** Whom the step went to. */
  to: string | null;
  text: string;
}

export interface OrderSigner {
  position: string;
  name: string;
}

/** Field names avoid `number` and `date`: those are template helpers, which take precedence. */
export interface OrderSheetData {
  orderNumber: string;
  issuedOn: IsoDate;
  /** Where it was issued, e.g. `Ķekava`. */
  place: string;
  title: string;
  /** The legal basis or preamble, printed before the numbered points. */
  preamble: string | null;
  points: string[];
  signer: OrderSigner;
  /** Officials who approved the draft (printed above the signature). */
  approvals: OrderSigner[];
  /** People who must sign that they have read the order. */
  acquainted: string[];
}

export interface StatisticsData {
  from: IsoDate;
  to: IsoDate;
  /** One row per department: a few dozen at most, so a plain array (the chart needs them all). */
  departments: StatisticsRow[];
}
