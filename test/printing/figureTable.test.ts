/** The dashboard's export writers: CSV guarded against formulas, with the locale's decimals; XLSX readable. */
import { PassThrough } from 'node:stream';
import { expect, it } from '@jest/globals';
import {
  writeFigureCsv,
  writeFigureXlsx,
  type FigureTable,
} from '../../engine/printing/tabular/figureTable.js';

const table: FigureTable = {
  title: 'Darba pārskats',
  headers: ['Sadaļa', 'Rinda', 'Rādītājs', 'Vērtība'],
  rows: [
    ['Kopā', 'Kopā', 'Saņemti', 10],
    ['Pa struktūrvienībām', '=HYPERLINK("http://evil.example")', 'Mediāna', 4.5],
    ['Pa struktūrvienībām', '+cmd', 'Tukšs', null],
  ],
};

async function collect(write: (output: PassThrough) => Promise<void>): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(output);
  return Buffer.concat(chunks);
}

it('writes the figures as CSV with a BOM, semicolons, Latvian decimals and no formula', async () => {
  // when
  const csv = (await collect((output) => writeFigureCsv(table, 'lv-LV', output))).toString('utf8');
  // then
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.slice(1).split('\r\n')).toEqual([
    'Sadaļa;Rinda;Rādītājs;Vērtība',
    'Kopā;Kopā;Saņemti;10',
    `Pa struktūrvienībām;"'=HYPERLINK(""http://evil.example"")";Mediāna;4,5`,
    "Pa struktūrvienībām;'+cmd;Tukšs;",
    '',
  ]);
});

it('writes the figures as an XLSX workbook with numbers as numbers', async () => {
  // when
  const bytes = await collect((output) =>
    writeFigureXlsx(table, { creator: 'Mērs', created: new Date() }, output),
  );
  // then
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  expect(sheet?.name).toBe('Darba pārskats');
  expect(sheet?.getRow(2).getCell(4).value).toBe(10);
  expect(sheet?.getRow(3).getCell(2).value).toBe('=HYPERLINK("http://evil.example")');
  expect(sheet?.getRow(3).getCell(4).value).toBe(4.5);
});
