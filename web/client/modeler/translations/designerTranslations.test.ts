/**
 * The designer's translation tables: every language translates the same templates, and each
 * translation keeps its template's `{placeholders}`, which the libraries fill in; and every
 * template is one a library (or our lint rule) actually writes, so a misspelt one cannot hide.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { DESIGNER_TABLES, designerTranslate, placeholdersOf } from './designerTranslations.js';

const LATVIAN_TEMPLATES = Object.keys(DESIGNER_TABLES.lv).sort();

describe.each(Object.entries(DESIGNER_TABLES))('the designer table in %s', (_language, table) => {
  it('translates the same templates as the Latvian table', () => {
    // given the table / when its templates are listed / then they are the Latvian ones
    expect(Object.keys(table).sort()).toEqual(LATVIAN_TEMPLATES);
  });

  it('keeps the placeholders of every template', () => {
    // given each template and its translation
    const changed = Object.entries(table).filter(
      ([template, text]) => placeholdersOf(template).join() !== placeholdersOf(text).join(),
    );
    // then none drops or adds a placeholder
    expect(changed).toEqual([]);
  });

  it('has a text for every template', () => {
    const blank = Object.entries(table).filter(([, text]) => text.trim() === '');
    expect(blank).toEqual([]);
  });
});

describe('designerTranslate', () => {
  it('fills the replacements into the translated template', () => {
    // given the Kazakh table / when a template with a placeholder is translated
    const text = designerTranslate('kk')('Open {element}', { element: 'X' });
    // then the placeholder is filled
    expect(text).toBe('X ашу');
  });

  it('keeps a template the table lacks, and English as the libraries write it', () => {
    expect(designerTranslate('lv')('HELLO {you}', { you: 'Anna' })).toBe('HELLO Anna');
    expect(designerTranslate('en')('Create task')).toBe('Create task');
    expect(designerTranslate('lv')('Create task')).toBe('Izveidot uzdevumu');
  });
});

/** Where the templates come from: the libraries' bundles, and our lint rules' messages. */
const SOURCES = [
  'node_modules/bpmn-js/dist/bpmn-modeler.development.js',
  'node_modules/bpmn-js-properties-panel/dist/index.esm.js',
  'node_modules/@bpmn-io/properties-panel/dist/index.esm.js',
  'node_modules/bpmn-js-bpmnlint/dist/index.esm.js',
  'node_modules/@bpmn-io/form-js-editor/dist/index.es.js',
  'engine/workflow/deployment/elementRules.ts',
  'web/client/lint/deployableRule.ts',
]
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');

/** Templates a library or rule composes from parts (`label += ' (removes content)'`). */
const COMPOSED = new Set([
  'Empty pool/participant (removes content)',
  'The process has no start event.',
  'The sub-process has no start event.',
]);

/** The properties panel's header spells the element type out of its BPMN name (`User Task`). */
const isHeaderType = (template: string) => /^[A-Z][a-z]+( [A-Z(][A-Za-z)]+)+$/.test(template);

describe('the designer templates', () => {
  it('are all texts the libraries or our lint rules write', () => {
    // given every template of the tables / then each is written in a source, quoted
    const unknown = LATVIAN_TEMPLATES.filter(
      (template) =>
        !isHeaderType(template) &&
        !SOURCES.includes(`'${template}'`) &&
        !SOURCES.includes(`"${template}"`) &&
        !SOURCES.includes(`'${template.replace(/'/g, "\\'")}'`) &&
        !COMPOSED.has(template),
    );
    expect(unknown).toEqual([]);
  });
});
