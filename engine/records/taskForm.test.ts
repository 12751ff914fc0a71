/**
 * Task form labels in other languages: a component's custom properties `label:<language>`,
 * `text:<language>` and `option:<value>:<language>`, the form's own label in every other language;
 * and every shipped form (and the demo e-service's public form) names its fields in every language.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEMO_E_SERVICE } from '../demo/seedDemoMunicipality.js';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../i18n/languages.js';
import { SHIPPED_FORMS_DIR } from '../workflow/designer/processForms.js';
import { fieldLabel, optionLabel, toTaskForm } from './taskForm.js';

const decisionForm = {
  components: [
    {
      type: 'radio',
      key: 'decision',
      label: 'Lēmums',
      values: [
        { label: 'Izpildei', value: 'execute' },
        { label: 'Zināšanai', value: 'for_information' },
      ],
      properties: {
        'label:en': 'Decision',
        'label:ru': 'Решение',
        'option:execute:en': 'For execution',
        'option:for_information:kk': 'Мәлімет үшін',
        'label:cs': '  ',
        colour: 'blue',
      },
    },
    {
      type: 'group',
      components: [
        { type: 'text', text: 'Lūdzu, izlemiet.', properties: { 'text:en': 'Please decide.' } },
        {
          type: 'datetime',
          key: 'deadline',
          subtype: 'date',
          dateLabel: 'Termiņš',
          properties: { 'label:lt': 'Terminas' },
        },
      ],
    },
    { type: 'textarea', key: 'comment', label: 'Komentārs' },
  ],
};

describe('task form labels in other languages', () => {
  it('reads label:<language>, text:<language> and option:<value>:<language>, the own label the fallback', () => {
    const [decision, text, deadline, comment] = toTaskForm('decision', decisionForm).fields;
    if (!decision || !text || !deadline || !comment) throw new Error('fields missing');
    const [execute, forInformation] = decision.values ?? [];
    if (!execute || !forInformation) throw new Error('choices missing');

    expect(fieldLabel(decision, 'en')).toBe('Decision');
    expect(fieldLabel(decision, 'ru')).toBe('Решение');
    // Latvian is the form's own label; a language without a property, or a blank one, falls back to it
    expect(fieldLabel(decision, 'lv')).toBe('Lēmums');
    expect(fieldLabel(decision, 'cs')).toBe('Lēmums');
    expect(fieldLabel(decision, 'kk')).toBe('Lēmums');
    expect(decision.labels).toEqual({ en: 'Decision', ru: 'Решение' });
    expect(optionLabel(execute, 'en')).toBe('For execution');
    expect(optionLabel(execute, 'ru')).toBe('Izpildei');
    expect(optionLabel(forInformation, 'kk')).toBe('Мәлімет үшін');
    expect(optionLabel(forInformation, 'en')).toBe('Zināšanai');
    expect(execute.value).toBe('execute');
    expect(fieldLabel(text, 'en')).toBe('Please decide.');
    expect(fieldLabel(text, 'ru')).toBe('Lūdzu, izlemiet.');
    expect(fieldLabel(deadline, 'lt')).toBe('Terminas');
    expect(fieldLabel(deadline, 'en')).toBe('Termiņš');
    expect(comment.labels).toEqual({});
    expect(fieldLabel(comment, 'en')).toBe('Komentārs');
  });

  it('ignores properties that are no texts rather than refusing the form', () => {
    const form = toTaskForm('odd', {
      components: [
        { type: 'textfield', key: 'a', label: 'A', properties: { 'label:en': 5, 'label:ru': 'А' } },
        { type: 'textfield', key: 'b', label: 'B', properties: ['label:en'] },
        { type: 'textfield', key: 'c', label: 'C', properties: null },
      ],
    });

    expect(form.fields.map((field) => field.labels)).toEqual([{ ru: 'А' }, {}, {}]);
  });
});

/** Every labelled component and fixed choice of a form-js schema, with what it lacks. */
function missingLabels(schema: unknown, where: string): string[] {
  const others = LANGUAGES.filter((language) => language !== DEFAULT_LANGUAGE);
  const missing: string[] = [];
  const walk = (components: unknown) => {
    for (const component of components as Record<string, unknown>[]) {
      const properties = (component.properties ?? {}) as Record<string, unknown>;
      const has = (name: string) => typeof properties[name] === 'string' && properties[name] !== '';
      const named = `${where} ${String(component.key ?? component.type)}`;
      const prefix = component.type === 'text' ? 'text' : 'label';
      const labelled = component.type === 'text' ? component.text : (component.label ?? component.dateLabel);
      if (typeof labelled === 'string' && labelled.trim()) {
        for (const language of others)
          if (!has(`${prefix}:${language}`)) missing.push(`${named} ${prefix}:${language}`);
      }
      for (const choice of (component.values ?? []) as { value: string }[]) {
        for (const language of others) {
          if (!has(`option:${choice.value}:${language}`))
            missing.push(`${named} option:${choice.value}:${language}`);
        }
      }
      if (Array.isArray(component.components)) walk(component.components);
    }
  };
  walk((schema as { components: unknown }).components);
  return missing;
}

describe('the shipped forms', () => {
  it('name every field and choice in every language', async () => {
    const files = (await readdir(SHIPPED_FORMS_DIR)).filter((file) => file.endsWith('.form.json'));
    expect(files.length).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const file of files) {
      const schema: unknown = JSON.parse(await readFile(path.join(SHIPPED_FORMS_DIR, file), 'utf8'));
      missing.push(...missingLabels(schema, file));
      // and the reader finds them, for every language but the default
      for (const field of toTaskForm(file, schema).fields) {
        expect(Object.keys(field.labels).sort()).toEqual(
          LANGUAGES.filter((language) => language !== DEFAULT_LANGUAGE).sort(),
        );
      }
    }
    missing.push(...missingLabels(DEMO_E_SERVICE.formSchema, 'demo e-service'));

    expect(missing).toEqual([]);
  });
});
