/**
 * The task page's form fields in the page's language: the form's own `label:<language>` and
 * `option:<value>:<language>` win; a form without them (deployed before they were shipped) keeps
 * the catalog's labels of the shipped fields, and Latvian pages keep what they showed.
 */
import { describe, expect, it } from '@jest/globals';
import { loadTaskForm, toTaskForm } from '../../../engine/records/taskForm.js';
import { presentFormFields } from './presentFormFields.js';

const schema = (properties?: Record<string, string>) => ({
  components: [
    {
      type: 'radio',
      key: 'decision',
      label: 'Vai piekrītat?',
      values: [
        { label: 'Jā', value: 'execute' },
        { label: 'Nē', value: 'no' },
      ],
      ...(properties ? { properties } : {}),
    },
  ],
});
const choices = (form: ReturnType<typeof toTaskForm>) =>
  new Map(form.fields.map((field) => [field.key, field.values ?? []]));

describe('task form fields in the page language', () => {
  it("shows the form's own labels in that language before the catalog's", () => {
    const form = toTaskForm('survey', schema({ 'label:en': 'Do you agree?', 'option:execute:en': 'Yes' }));
    const [field] = presentFormFields(form, choices(form), {}, {}, 'en');

    expect(field?.label).toBe('Do you agree?');
    expect(field?.options.map((option) => option.label)).toEqual(['Yes', 'Nē']);
    expect(field?.optionGroups[0]?.options.map((option) => option.label)).toEqual(['Yes', 'Nē']);
  });

  it('falls back on the catalog for forms without them, and Latvian pages are unchanged', () => {
    const plain = toTaskForm('survey', schema());
    const translated = toTaskForm(
      'survey',
      schema({ 'label:en': 'Do you agree?', 'option:execute:en': 'Yes' }),
    );
    const [english] = presentFormFields(plain, choices(plain), {}, {}, 'en');
    const [latvian] = presentFormFields(translated, choices(translated), {}, {}, 'lv');

    expect(english?.label).toBe('Decision');
    expect(english?.options.map((option) => option.label)).toEqual(['For execution', 'Nē']);
    expect(latvian?.label).toBe('Lēmums');
    expect(latvian?.options.map((option) => option.label)).toEqual(['Izpildei', 'Nē']);
  });

  it('shows the shipped resolution form in English and Russian', async () => {
    const form = await loadTaskForm('resolution');
    if (!form) throw new Error('no resolution form');
    const labels = (language: 'en' | 'ru' | 'lv') =>
      presentFormFields(form, choices(form), {}, {}, language).map((field) => field.label);

    expect(labels('en')).toEqual([
      'Decision',
      'Case file (for “File to case”)',
      'Executors',
      'Responsible executor',
      'Controller',
      'Deadline',
      'Resolution',
    ]);
    expect(labels('ru')).toContain('Резолюция');
    expect(labels('lv')[0]).toBe('Lēmums');
  });
});
