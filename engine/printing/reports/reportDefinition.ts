/**
 * What the engine needs to know about one report, apart from its template: what the template sees
 * (head, each row, the totals), sample data to validate a custom template with, and the columns of
 * its CSV and XLSX forms.
 */
import type { PrintContext } from '../reportData.js';
import type { LabelKey } from '../labels.js';

export const REPORT_KINDS = ['journal', 'control', 'card', 'order', 'statistics'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const isReportKind = (value: string): value is ReportKind =>
  (REPORT_KINDS as readonly string[]).includes(value);

export interface Accumulator<Row> {
  add(row: Row): void;
  /** What `{{#summary}}` sees once every row has been added. */
  result(): object;
}

/** One column of the CSV / XLSX form: typed, so that XLSX gets real dates and numbers. */
export interface TabularColumn<Row, Data> {
  label: LabelKey;
  type: 'text' | 'date' | 'number';
  value(row: Row, data: Data): string | number | null;
  /** Width in characters in XLSX. */
  width: number;
}

export interface ReportDefinition<Data, Row> {
  kind: ReportKind;
  /** What the template sees outside `{{#rows}}`. */
  head(data: Data, context: PrintContext): object;
  /** The streamed rows, or null for a report without `{{#rows}}`. */
  rows(data: Data): AsyncIterable<Row> | null;
  /** What `{{#rows}}` sees for one row: the row and what is derived from it (days overdue …). */
  rowView(row: Row, data: Data): object;
  accumulator(data: Data): Accumulator<Row>;
  /** Sample data for validating a template: one with every field filled, one with every optional field empty. */
  samples(): Data[];
  /** Null for reports that are not tables (document card, order sheet). */
  tabular: {
    rows(data: Data): AsyncIterable<Row> | Iterable<Row>;
    columns: TabularColumn<Row, Data>[];
  } | null;
}

export const noAccumulator: Accumulator<unknown> = { add: () => undefined, result: () => ({}) };

export async function* fromArray<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}
