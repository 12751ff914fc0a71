import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { printTabular } from '../../engine/printing/printReport.js';
import { Invalid } from '../../engine/errors.js';
import { aJournal, aPrintContext, controlRows, printToBuffer } from './printingFixtures.js';

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

  it('refuses a CSV of a report that is not a table', async () => {
    // when
    const printing = printToBuffer((output) =>
      printTabular('order', 'csv', {} as never, aPrintContext('lv'), output),
    );
    // then
    await expect(printing).rejects.toThrow(Invalid);
  });
});
