/** Task forms read from their form-js JSON and checked on the server; the inbox's order. */
import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../engine/store/workflowPorts.js';
import { loadTaskForm } from '../../engine/records/taskForm.js';
import { validateTaskForm } from '../../web/pages/tasks/taskFormValidation.js';

const choices = new Map([
  [
    'control',
    [
      { label: 'Pieņemt', value: 'accept' },
      { label: 'Atgriezt', value: 'return' },
    ],
  ],
]);

describe('task forms', () => {
  it('reads every shipped form with the fields the pages render', async () => {
    const resolution = await loadTaskForm('resolution');

    expect(resolution?.fields.map((f) => `${f.type}:${f.key}`)).toEqual([
      'radio:decision',
      'select:caseFileId',
      'taglist:executors',
      'select:responsible',
      'select:controller',
      'datetime:deadline',
      'textarea:text',
    ]);
    for (const key of ['control', 'execution', 'order', 'order-report', 'report']) {
      expect((await loadTaskForm(key))?.fields.length).toBeGreaterThan(0);
    }
  });

  it('gives a resolution form deployed before the case file was shipped its case-file choice', async () => {
    const deployedEarlier: JsonObject = {
      components: [
        { type: 'radio', key: 'decision', values: [{ label: 'Lietā', value: 'file_to_case' }] },
        { type: 'textarea', key: 'text' },
      ],
    };
    const form = await loadTaskForm('resolution', {
      definitionId: `earlier-${Date.now()}`,
      forms: { get: () => Promise.resolve(deployedEarlier) },
    });

    expect(form?.fields.map((f) => `${f.type}:${f.key}:${f.valuesKey ?? ''}`)).toEqual([
      'radio:decision:',
      'select:caseFileId:caseFiles',
      'textarea:text:',
    ]);
  });

  it('refuses form keys that could leave the forms folder, and missing forms', async () => {
    expect(await loadTaskForm('../package')).toBeNull();
    expect(await loadTaskForm('no-such-form')).toBeNull();
    expect(await loadTaskForm(null)).toBeNull();
  });

  it('requires the required fields, allows only offered values and takes only the form fields', async () => {
    const control = await loadTaskForm('control');
    if (!control) throw new Error('no control form');

    const missing = validateTaskForm(control, { comment: 'ok' }, choices);
    const wrong = validateTaskForm(control, { control: 'approve-all', isAdmin: 'true' }, choices);
    const right = validateTaskForm(
      control,
      { control: 'accept', comment: ' Labi. ', isAdmin: 'true' },
      choices,
    );

    expect(missing.problems).toEqual([
      { field: 'control', message: 'is required', code: 'problem.required' },
    ]);
    expect(wrong.problems).toEqual([
      {
        field: 'control',
        message: 'not a choice: approve-all',
        code: 'problem.notChoice',
        params: { value: 'approve-all' },
      },
    ]);
    expect(right).toEqual({ output: { control: 'accept', comment: 'Labi.' }, problems: [] });
  });

  it('leaves requiredness of the resolution to its use case, but still checks dates and lengths', async () => {
    const resolution = await loadTaskForm('resolution');
    if (!resolution) throw new Error('no resolution form');

    const result = validateTaskForm(
      resolution,
      { decision: 'for_information', deadline: '2026-02-30', text: 'x'.repeat(4001) },
      new Map([['decision', [{ label: 'Zināšanai', value: 'for_information' }]]]),
    );

    expect(result.problems.map((p) => p.field)).toEqual(['deadline', 'text']);
  });
});
