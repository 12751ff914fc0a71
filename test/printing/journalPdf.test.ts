import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { label, LOCALES } from '../../engine/printing/labels.js';
import { printPdf } from '../../engine/printing/printReport.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { TemplateError } from '../../engine/printing/template/templateErrors.js';
import { aJournal, aPrintContext, journalRows, printToBuffer } from './printingFixtures.js';
import { readPdf } from './pdfText.js';

const templates = createTemplateSource();

describe('registration journal PDF', () => {
  it('prints Latvian rows with their diacritics, the frame on every page and "page x of y"', async () => {
    // given
    const data = aJournal(60);
    // when
    let result = { pages: 0, rows: 0 };
    const pdf = await printToBuffer(async (output) => {
      result = await printPdf('journal', data, aPrintContext('lv'), output, templates);
    });
    // then
    const read = await readPdf(pdf);
    const text = read.text.replace(/\s+/g, ' ');
    expect(read.pages).toBe(result.pages);
    expect(result.rows).toBe(60);
    expect(read.pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain('3-12/2026/1 ');
    expect(text).toContain('3-12/2026/60 ');
    expect(text).toContain('Ķekavas pagastā');
    expect(text).toContain('Ģimenes pabalsta piešķiršana');
    expect(text).toContain('ūdensvada');
    expect(text).toContain('Līga Kalniņa');
    expect(text).toContain('Jānis Ozoliņš');
    expect(text).toContain('šķūni');
    expect(read.text).toContain(`Lapa 2 no ${read.pages}`);
    for (let page = 1; page <= read.pages; page += 1) {
      const pageText = read.pageText(page).replace(/\s+/g, ' ');
      expect(pageText).toContain('Ķekavas novada pašvaldība');
      expect(pageText).toContain('Dokumentu reģistrācijas žurnāls');
      // ICU versions differ on the trailing dot of Latvian dates.
      expect(pageText).toMatch(/Periods: 01\.03\.2026\.? – 31\.03\.2026/);
      expect(pageText).toMatch(/Sagatavots 23\.11\.2026\.? 14:05, sagatavoja Anna Bērziņa/);
      expect(pageText).toContain(`Lapa ${page} no ${read.pages}`);
      // The header row repeats on every page.
      expect(pageText).toContain('Izpildes termiņš');
    }
  });

  it('prints the totals after the last row', async () => {
    // given: 60 rows, every 5th not executed, every 7th (not 5th) late
    const data = aJournal(60);
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('journal', data, aPrintContext('lv'), output, templates),
    );
    // then
    const last = await readPdf(pdf).then((read) => read.pageText(read.pages).replace(/\s+/g, ' '));
    expect(last).toMatch(/Reģistrēti dokumenti\s+60/);
    expect(last).toMatch(/izpildīti\s+48 \(no tiem ar kavējumu: 7\)/);
    expect(last).toMatch(/neizpildīti\s+12/);
  });

  it('prints Russian and Kazakh text in Cyrillic with Russian labels', async () => {
    // given
    const data = aJournal(12, 'cyrillic');
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('journal', data, aPrintContext('ru'), output, templates),
    );
    // then
    const read = await readPdf(pdf);
    const text = read.text.replace(/\s+/g, ' ');
    expect(text).toContain('Журнал регистрации документов');
    expect(text).toContain('Ёлочный базар');
    expect(text).toContain('Қала әкімдігіне өтініш');
    expect(text).toContain('Өмірбекова');
    expect(text).toContain('Ерлан Әбілқасымов');
    expect(text).toContain(`Страница 1 из ${read.pages}`);
  });

  it('prints Kazakh labels', async () => {
    // given
    const data = aJournal(3, 'cyrillic');
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('journal', data, aPrintContext('kk'), output, templates),
    );
    // then
    const read = await readPdf(pdf);
    expect(read.text).toContain('Құжаттарды тіркеу журналы');
    expect(read.text).toContain('1-бет, барлығы 1');
  });

  it.each(LOCALES)('prints its title, headings and page numbers in %s', async (locale) => {
    // given
    const data = aJournal(2, 'cyrillic');
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('journal', data, aPrintContext(locale), output, templates),
    );
    // then: the words come out of the PDF as text, in the reader's language
    const text = (await readPdf(pdf)).text.replace(/\s+/g, ' ');
    for (const key of ['journal.title', 'journal.subject', 'journal.correspondent'] as const) {
      expect(text).toContain(label(locale, key).replace(/\s+/g, ' '));
    }
    expect(text).toContain(label(locale, 'page.numbering', { page: 1, pages: 1 }));
  });

  it('is the same bytes for the same input', async () => {
    // given
    const print = () =>
      printToBuffer((output) => printPdf('journal', aJournal(30), aPrintContext('lv'), output, templates));
    // when
    const [first, second] = await Promise.all([print(), print()]);
    // then
    expect(first.length).toBeGreaterThan(1000);
    expect(first.equals(second)).toBe(true);
  });

  it('destroys the output instead of finishing a broken PDF when a row fails the template', async () => {
    // given: a custom template that prints the first executor, which the fourth row does not have
    const original = await templates.shipped('journal');
    const broken = original.replace('<cell>{{caseFile}}</cell>', '<cell>{{executors.[0]}}</cell>');
    expect(broken).not.toBe(original);
    const custom = createTemplateSource(async () => broken);
    const rows = journalRows(5);
    let failedWith: unknown = null;
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    sink.on('error', (error) => (failedWith = error));
    // when
    const printing = printPdf('journal', { ...aJournal(0), rows }, aPrintContext('lv'), sink, custom);
    // then
    await expect(printing).rejects.toThrow(TemplateError);
    await expect(printing).rejects.toThrow(/custom "journal" template fails/);
    expect(sink.destroyed).toBe(true);
    expect(failedWith).toBeInstanceOf(TemplateError);
  });

  it('stops printing when the output is closed, as when the client goes away', async () => {
    // given
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    sink.on('error', () => undefined);
    // when
    const printing = printPdf('journal', aJournal(5000), aPrintContext('lv'), sink, templates);
    setImmediate(() => sink.destroy());
    // then
    await expect(printing).rejects.toThrow(/closed/);
  });
});
