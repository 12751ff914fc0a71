/**
 * Dates in PDFs are written day before month in every language, as the pages write them: an English
 * journal prints 2 December 2026 as 02/12/2026, never the US 12/02/2026.
 */
import { describe, expect, it } from '@jest/globals';
import { createFormatter } from '../../engine/printing/formatting.js';
import { LOCALES } from '../../engine/printing/labels.js';
import { printPdf } from '../../engine/printing/printReport.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { aJournal, aPrintContext, printToBuffer } from './printingFixtures.js';
import { readPdf } from './pdfText.js';

describe('dates in printed reports', () => {
  it('prints an English journal with day-first dates', async () => {
    const data = { ...aJournal(3), from: '2026-12-02', to: '2026-12-31' };

    const pdf = await printToBuffer((output) =>
      printPdf('journal', data, aPrintContext('en'), output, createTemplateSource()),
    );

    const text = (await readPdf(pdf)).text.replace(/\s+/g, ' ');
    expect(text).toContain('02/12/2026');
    expect(text).not.toContain('12/02/2026');
    // A row's date (27 February) and the time it was generated (23 November, 14:05 in Riga).
    expect(text).toContain('27/02/2026');
    expect(text).toMatch(/23\/11\/2026,? 14:05/);
    expect(text).not.toMatch(/\b(?:2|11)\/(?:27|23)\/2026/);
  });

  it('never puts the month first, in any print language', () => {
    for (const locale of LOCALES) {
      const format = createFormatter(locale, 'Europe/Riga');
      const date = format.date('2026-12-02');
      const dateTime = format.dateTime(new Date('2026-12-02T10:30:00Z'));
      // Day first (02.12.2026, 02/12/2026, 02. 12. 2026) or ISO (2026-12-02).
      expect(`${locale} ${date}`).toMatch(/ (?:02\D+12\D+2026|2026-12-02)\.?$/);
      expect(`${locale} ${dateTime}`).toMatch(/ (?:02\D+12\D+2026|2026-12-02)\.?,? 12:30$/);
    }
  });
});
