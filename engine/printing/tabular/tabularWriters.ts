/**
 * The table reports as CSV and XLSX, streamed row by row like the PDF.
 *
 * CSV: UTF-8 with a byte-order mark (without it Excel reads Latvian and Cyrillic as mojibake),
 * `;` between fields (Excel in the lv, ru, lt, cs, kk locales expects `;` because `,` is their
 * decimal separator), dates as `YYYY-MM-DD` (which every spreadsheet reads as a date), numbers with
 * the locale's decimal separator and no grouping.
 * A text cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
 * a carriage return: `=HYPERLINK(…)`, `+cmd|' /C calc'!A0`) is written with a leading `'`, as
 * OWASP's CSV injection advice says, so that a subject typed by anyone never runs in the clerk's
 * spreadsheet. Numbers the report computes are written as numbers (a negative one is no formula).
 * XLSX: exceljs' streaming writer; dates are real dates, numbers real numbers, the header row frozen;
 * text is written as a string cell (never a formula), so it needs no quote.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { label } from '../labels.js';
import type { PrintContext } from '../reportData.js';
import type { TabularColumn } from '../reports/reportDefinition.js';

export interface TabularReport<Data, Row> {
  rows(data: Data): AsyncIterable<Row> | Iterable<Row>;
  columns: TabularColumn<Row, Data>[];
}

export interface TabularResult {
  rows: number;
}

export const CSV_DELIMITER = ';';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as it is safe to put into a CSV that a spreadsheet opens: one that would start a
 * formula gets a leading `'` (OWASP's CSV injection advice). Every CSV the system writes goes
 * through this.
 */
export function neutraliseCsvCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export async function writeCsv<Data, Row>(
  report: TabularReport<Data, Row>,
  data: Data,
  context: PrintContext,
  output: Writable,
): Promise<TabularResult> {
  const decimal =
    new Intl.NumberFormat(context.locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ??
    '.';
  const csv = stringify({ bom: true, delimiter: CSV_DELIMITER, record_delimiter: 'windows' });
  const written = pipeline(csv, output);
  written.catch(() => undefined); // awaited below; see renderPdf
  let rows = 0;
  try {
    const put = async (record: string[]): Promise<void> => {
      if (!csv.write(record)) await once(csv, 'drain');
    };
    await put(report.columns.map((column) => neutraliseCsvCell(label(context.locale, column.label))));
    for await (const row of report.rows(data)) {
      await put(
        report.columns.map((column) => {
          const value = column.value(row, data);
          if (value === null) return '';
          return typeof value === 'number' ? String(value).replace('.', decimal) : neutraliseCsvCell(value);
        }),
      );
      rows += 1;
    }
    csv.end();
    await written;
    return { rows };
  } catch (error) {
    csv.destroy(error instanceof Error ? error : new Error(String(error)));
    await written.catch(() => undefined);
    throw error;
  }
}

const dateValue = (value: string): Date | string =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value;

export async function writeXlsx<Data, Row>(
  report: TabularReport<Data, Row>,
  data: Data,
  context: PrintContext,
  output: Writable,
): Promise<TabularResult> {
  // Loaded on the first XLSX: exceljs costs about 18 MB of RSS and 0.2 s of start-up, which a
  // process that prints only PDF and CSV would otherwise carry.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = context.generatedBy;
  workbook.created = context.generatedAt;
  const sheet = workbook.addWorksheet('Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = report.columns.map((column, index) => ({
    header: label(context.locale, column.label),
    key: `c${index}`,
    width: column.width,
    style: column.type === 'date' ? { numFmt: 'dd.mm.yyyy' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let rows = 0;
  for await (const row of report.rows(data)) {
    sheet
      .addRow(
        report.columns.map((column) => {
          const value = column.value(row, data);
          return column.type === 'date' && typeof value === 'string' ? dateValue(value) : value;
        }),
      )
      .commit();
    rows += 1;
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}
