import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { printPdf } from '../../engine/printing/printReport.js';
import type { JournalRow } from '../../engine/printing/reportData.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { aJournal, aPrintContext, journalRows } from './printingFixtures.js';
import { readPdf } from './pdfText.js';

const ROWS = 600;

describe('printing to a slow output', () => {
  it('lays out rows only as fast as the output takes the pages, and still prints them all', async () => {
    // given: an output that takes one chunk per turn of the event loop, and a source that counts its rows
    let rowsRead = 0;
    async function* counted(): AsyncIterable<JournalRow> {
      for await (const row of journalRows(ROWS)) {
        rowsRead += 1;
        yield row;
      }
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    const rowsReadAtByte: { bytes: number; rowsRead: number }[] = [];
    const output = new Writable({
      highWaterMark: 4096,
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        bytes += chunk.length;
        rowsReadAtByte.push({ bytes, rowsRead });
        setImmediate(done);
      },
    });
    // when
    const result = await printPdf(
      'journal',
      { ...aJournal(0), rows: counted() },
      aPrintContext('lv'),
      output,
      createTemplateSource(),
    );
    // then: when the output had half of the bytes, far from all rows had been read
    expect(result.rows).toBe(ROWS);
    const half = rowsReadAtByte.find((point) => point.bytes >= bytes / 2);
    expect(half?.rowsRead).toBeLessThan(ROWS * 0.75);
    const pdf = await readPdf(Buffer.concat(chunks));
    expect(pdf.pages).toBe(result.pages);
    expect(pdf.text).toContain(`(${ROWS})`);
  });
});
