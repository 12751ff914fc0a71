/**
 * A small table of figures (the dashboard's export) as CSV or XLSX, written like the table reports
 * (tabularWriters.ts): CSV in UTF-8 with a byte-order mark, `;` between fields, the locale's decimal
 * separator, and every text cell through the CSV injection guard (`neutraliseCsvCell`); XLSX with
 * numbers as numbers, text as string cells (never formulas), the header row frozen.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { CSV_DELIMITER, neutraliseCsvCell } from './tabularWriters.js';

export type FigureCell = string | number | null;

export interface FigureTable {
  /** The XLSX sheet's name. */
  title: string;
  headers: string[];
  rows: FigureCell[][];
  /** Width in characters of each XLSX column. */
  widths?: number[];
}

export async function writeFigureCsv(table: FigureTable, locale: string, output: Writable): Promise<void> {
  const decimal =
    new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  const cell = (value: FigureCell): string =>
    value === null
      ? ''
      : typeof value === 'number'
        ? String(value).replace('.', decimal)
        : neutraliseCsvCell(value);
  const csv = stringify({ bom: true, delimiter: CSV_DELIMITER, record_delimiter: 'windows' });
  const written = pipeline(csv, output);
  csv.write(table.headers.map((header) => neutraliseCsvCell(header)));
  for (const row of table.rows) csv.write(row.map(cell));
  csv.end();
  await written;
}

export async function writeFigureXlsx(
  table: FigureTable,
  meta: { creator: string; created: Date },
  output: Writable,
): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = meta.creator;
  workbook.created = meta.created;
  // A sheet's name may not hold []:*?/\ and is at most 31 characters.
  const name = table.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Figures';
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.headers.map((header, index) => ({
    header,
    key: `c${index}`,
    width: table.widths?.[index] ?? 16,
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of table.rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
}
