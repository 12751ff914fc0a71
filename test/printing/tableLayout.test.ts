import { describe, expect, it } from '@jest/globals';
import { printPdf } from '../../engine/printing/printReport.js';
import type { JournalRow } from '../../engine/printing/reportData.js';
import { columnWidths } from '../../engine/printing/pdf/tableWriter.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { aJournal, aPrintContext, journalRows, printToBuffer } from './printingFixtures.js';
import { readPdf } from './pdfText.js';

const templates = createTemplateSource();

async function* withRow(extra: JournalRow, before: number): AsyncIterable<JournalRow> {
  let index = 0;
  for await (const row of journalRows(before + 1)) {
    index += 1;
    yield index === before + 1 ? extra : row;
  }
}

describe('table layout', () => {
  it('shares the width: points first, then percentages, then * shares of the rest', () => {
    // when
    const widths = columnWidths(
      [
        { unit: 'pt', value: 100 },
        { unit: '%', value: 25 },
        { unit: '*', value: 1 },
        { unit: '*', value: 2 },
      ],
      400,
    );
    // then
    expect(widths).toEqual([100, 100, 200 / 3, 400 / 3]);
  });

  it('moves a row that does not fit to the next page whole', async () => {
    // given: a row of about 12 subject lines after enough rows to nearly fill the first page
    const subject = Array.from({ length: 60 }, (_, i) => `vārds${i + 1}`).join(' ');
    const tall: JournalRow = { ...(await firstRow()), registrationNumber: 'GARA/1', subject };
    // when
    const pdf = await printToBuffer((output) =>
      printPdf(
        'journal',
        { ...aJournal(0), rows: withRow(tall, 14) },
        aPrintContext('lv'),
        output,
        templates,
      ),
    );
    // then: the whole row is on one page
    const read = await readPdf(pdf);
    const pageWith = (text: string) => [1, 2, 3].find((page) => read.pageText(page).includes(text));
    expect(pageWith('vārds1 ')).toBe(pageWith('vārds60'));
    expect(pageWith('GARA/1')).toBe(2);
  });

  it('splits only a row taller than a page, keeping every line', async () => {
    // given: some 120 lines in one cell
    const subject = Array.from({ length: 600 }, (_, i) => `vārds${i + 1}`).join(' ');
    const huge: JournalRow = { ...(await firstRow()), registrationNumber: 'GARA/2', subject };
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('journal', { ...aJournal(0), rows: withRow(huge, 1) }, aPrintContext('lv'), output, templates),
    );
    // then
    const read = await readPdf(pdf);
    expect(read.pages).toBe(3);
    const words = new Set(read.text.split(/\s+/));
    for (let word = 1; word <= 600; word += 1) expect(words.has(`vārds${word}`)).toBe(true);
    expect(read.pageText(2).replace(/\s+/g, ' ')).toContain('Izpildes termiņš');
  });
});

async function firstRow(): Promise<JournalRow> {
  for await (const row of journalRows(1)) return row;
  throw new Error('no row');
}
