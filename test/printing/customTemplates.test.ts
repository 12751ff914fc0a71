import { describe, expect, it } from '@jest/globals';
import { printPdf } from '../../engine/printing/printReport.js';
import { REPORT_KINDS } from '../../engine/printing/reports/reportDefinition.js';
import { createTemplateSource } from '../../engine/printing/templateSource.js';
import { TemplateError } from '../../engine/printing/template/templateErrors.js';
import { validateTemplate } from '../../engine/printing/validateTemplate.js';
import { aJournal, aPrintContext, printToBuffer } from './printingFixtures.js';
import { readPdf } from './pdfText.js';

const shipped = createTemplateSource();
const messages = async (kind: 'journal' | 'card', source: string): Promise<string[]> =>
  (await validateTemplate(kind, source)).map((problem) => `${problem.line ?? '-'}: ${problem.message}`);

describe('custom report templates', () => {
  it('accepts every shipped template', async () => {
    for (const kind of REPORT_KINDS) {
      // when
      const problems = await validateTemplate(kind, await shipped.shipped(kind));
      // then
      expect({ kind, problems }).toEqual({ kind, problems: [] });
    }
  });

  it('names the line of a Handlebars syntax error', async () => {
    // given
    const source =
      '<document>\n<title>x</title>\n{{#if subject}}\n<paragraph>{{subject}}</paragraph>\n</document>';
    // when
    const problems = await messages('card', source);
    // then
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\d+: syntax error/);
  });

  it('names an unknown helper and an unknown field with their lines', async () => {
    // when
    const unknownHelper = await messages(
      'card',
      '<document>\n<title>{{uppercase subject}}</title>\n</document>',
    );
    const unknownField = await messages(
      'card',
      '<document>\n<title>x</title>\n\n<paragraph>{{subjekt}}</paragraph>\n</document>',
    );
    // then
    expect(unknownHelper).toEqual(['2: unknown helper "uppercase"']);
    expect(unknownField).toEqual(['4: "subjekt" is not a field here']);
  });

  it('finds a field used outside its {{#if}} that only the sparse sample leaves empty', async () => {
    // given: resolution is null in the second sample
    const source = '<document><title>x</title><paragraph>{{resolution.text}}</paragraph></document>';
    // when
    const problems = await messages('card', source);
    // then
    expect(problems).toEqual(['1: "text" is read from an empty value: put it inside {{#if …}}']);
  });

  it('reports reading a field inside a text as a problem, not a crash', async () => {
    // when
    const problems = await messages('card', '<document><title>{{subject.code}}</title></document>');
    // then
    expect(problems).toEqual([
      "-: template: Cannot use 'in' operator to search for 'code' in Par ūdensvada remontu Rīgas ielā 12",
    ]);
  });

  it('lists layout problems: unknown elements, bad attributes, cells that do not match the columns', async () => {
    // given
    const source = [
      '<document orientation="sideways">',
      '<title>x</title>',
      '<tabel></tabel>',
      '<table><column width="wide">A</column><row><cell>1</cell><cell>2</cell></row></table>',
      '</document>',
    ].join('\n');
    // when
    const problems = (await messages('card', source)).join('\n');
    // then
    expect(problems).toContain('<document orientation="sideways">: write portrait or landscape');
    expect(problems).toContain('<tabel> is not allowed in <document>');
    expect(problems).toContain('<column width="wide">');
    expect(problems).toContain('a <row> has 2 <cell> for 1 <column>');
  });

  it('reports markup that is not well formed', async () => {
    // when
    const problems = await messages('card', '<document><title>x</title><paragraph>{{subject}}</document>');
    // then
    expect(problems).toEqual([
      '-: template: line 1: </document> found where </paragraph> (opened on line 1) was expected',
    ]);
  });

  it('refuses prototype access before anything runs', async () => {
    for (const source of [
      '<document><title>{{constructor.constructor}}</title></document>',
      '<document><title>{{subject.__proto__}}</title></document>',
      '<document><title>{{lookup this "constructor"}}</title></document>',
      '<document><title>{{#with constructor}}{{prototype}}{{/with}}</title></document>',
    ]) {
      // when
      const problems = await messages('card', source);
      // then
      expect(problems.join()).toMatch(/is not allowed/);
    }
  });

  it('refuses raw output, partials and the log helper', async () => {
    // when
    const raw = await messages('card', '<document><title>{{{subject}}}</title></document>');
    const partial = await messages('card', '<document><title>{{> header}}</title></document>');
    const log = await messages('card', '<document><title>{{log subject}}</title></document>');
    // then
    expect(raw.join()).toMatch(/raw output/);
    expect(partial.join()).toMatch(/partials/);
    expect(log).toEqual(['1: unknown helper "log"']);
  });

  it('escapes data so that a value cannot inject markup', async () => {
    // given: a subject that looks like markup
    const journal = aJournal(1);
    async function* rows() {
      for await (const row of journal.rows) yield { ...row, subject: '</cell></row><row><cell>&amp; "Ā"' };
    }
    // when
    const pdf = await printToBuffer((output) =>
      printPdf('journal', { ...journal, rows: rows() }, aPrintContext('lv'), output, shipped),
    );
    // then
    expect((await readPdf(pdf)).text).toContain('</cell></row><row><cell>&amp; "Ā"');
  });

  it('prints with the replacement while there is one, and with the shipped template after revert', async () => {
    // given
    const original = await shipped.shipped('journal');
    let stored: string | null = original.replace(
      /<title>.*<\/title>/,
      '<title>Ienākošās korespondences žurnāls</title>',
    );
    expect(stored).not.toBe(original);
    expect(await validateTemplate('journal', stored)).toEqual([]);
    const templates = createTemplateSource(async () => stored);
    const print = async () =>
      (
        await readPdf(
          await printToBuffer((output) =>
            printPdf('journal', aJournal(2), aPrintContext('lv'), output, templates),
          ),
        )
      ).text;
    // when
    const custom = await print();
    stored = null;
    const reverted = await print();
    // then
    expect(custom).toContain('Ienākošās korespondences žurnāls');
    expect(reverted).toContain('Dokumentu reģistrācijas žurnāls');
  });

  it('refuses to print with a broken replacement, saying it is the custom template', async () => {
    // given
    const templates = createTemplateSource(async () => '<document><title>{{#if}}</title></document>');
    // when
    const printing = printToBuffer((output) =>
      printPdf('journal', aJournal(2), aPrintContext('lv'), output, templates),
    );
    // then
    await expect(printing).rejects.toThrow(TemplateError);
    await expect(printing).rejects.toThrow(/custom "journal" template fails/);
  });
});
