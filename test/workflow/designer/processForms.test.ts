import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import { actorFromUser, systemClock } from '../../../engine/context.js';
import { Invalid } from '../../../engine/errors.js';
import { deployProcess } from '../../../engine/workflow/deployment/deployProcess.js';
import { deployShippedProcesses } from '../../../engine/workflow/deployment/deployShippedProcesses.js';
import { SHIPPED_FORMS_DIR } from '../../../engine/workflow/designer/processForms.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { loadFormOfTask } from '../../../engine/records/taskForm.js';
import { aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, deployForTest } from '../../support/workflow.js';

const withForm = (formKey: string, taskName = 'Izskatīt') =>
  bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <userTask id="review" name="${taskName}" camunda:assignee="anna" camunda:formKey="${formKey}" />
  <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  <endEvent id="end" />`);

const aForm = (label: string) => ({
  components: [{ type: 'textfield', key: 'note', label, validate: { required: true } }],
});

describeEachStore('task forms versioned with their process', (subject) => {
  const registrar = anActor('rita', ['registrar']);
  const deploy = async (xml: string, key: string, forms?: Record<string, unknown>) => {
    const designer = actorFromUser(await aUser(subject.store, { roles: ['designer'] }));
    return deployProcess(contextFor(subject.store, designer, systemClock), {
      xml: xml.replaceAll('__KEY__', key),
      ...(forms ? { forms } : {}),
    });
  };
  const formsOf = async (key: string, version: number) => {
    const definition = await subject.store.processDefinitions.getVersion(key, version);
    return definition ? subject.store.processForms.listByDefinition(definition.id) : null;
  };

  it('makes a new version when only the forms change, and returns the same version for the same forms', async () => {
    // given
    const key = 'forms_changed';
    const xml = withForm('note-form');

    // when
    const first = await deploy(xml, key, { 'note-form': aForm('Piezīme') });
    const same = await deploy(xml, key, { 'note-form': aForm('Piezīme') });
    const changed = await deploy(xml, key, { 'note-form': aForm('Komentārs') });

    // then
    expect([first.version, first.created]).toEqual([1, true]);
    expect([same.version, same.created]).toEqual([1, false]);
    expect([changed.version, changed.created]).toEqual([2, true]);
    expect(await formsOf(key, 1)).toEqual({ 'note-form': aForm('Piezīme') });
    expect(await formsOf(key, 2)).toEqual({ 'note-form': aForm('Komentārs') });
  });

  it("keeps the previous version's form for a form key deployed without one, else the shipped form", async () => {
    // given
    const key = 'forms_fallback';
    await deploy(withForm('note-form'), key, { 'note-form': aForm('Piezīme') });

    // when
    const next = await deploy(withForm('note-form', 'Izskatīt vēlreiz'), key);
    const shipped = await deployForTest(subject.store, withForm('control'));

    // then
    expect(await formsOf(key, next.version)).toEqual({ 'note-form': aForm('Piezīme') });
    const control = JSON.parse(await readFile(path.join(SHIPPED_FORMS_DIR, 'control.form.json'), 'utf8'));
    expect(await formsOf(shipped.key, 1)).toEqual({ control });
  });

  it('deploys the shipped processes with the shipped forms', async () => {
    // when
    await deployShippedProcesses({ store: subject.store, clock: systemClock });

    // then
    expect(Object.keys((await formsOf('incoming-correspondence', 1)) ?? {})).toEqual([
      'control',
      'execution',
      'report',
      'resolution',
    ]);
  });

  it('refuses a form that is not a form-js schema, storing nothing', async () => {
    // given
    const key = 'forms_refused';
    await deployForTest(subject.store, withForm('note-form'), key);

    // when
    const refused = await deploy(withForm('note-form'), key, {
      'note-form': { components: [{ type: 'textfield', key: 'a b' }] },
      '../escape': aForm('x'),
    }).catch((error: unknown) => error);

    // then
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).problems).toEqual([
      {
        field: 'forms.note-form.components[0].key',
        message: '"a b" is not a valid field key (letters, digits, _).',
      },
      { field: 'forms.../escape', message: 'A form key is letters, digits, - and _.' },
    ]);
    expect((await subject.store.processDefinitions.listVersions(key)).length).toBe(1);
  });

  it("shows a task the form of its own instance's version, not the newest", async () => {
    // given
    const key = 'forms_per_instance';
    await deploy(withForm('note-form'), key, { 'note-form': aForm('Vecā piezīme') });
    const old = await startProcess(contextFor(subject.store, registrar, systemClock), { key });
    await deploy(withForm('note-form'), key, { 'note-form': aForm('Jaunā piezīme') });
    const fresh = await startProcess(contextFor(subject.store, registrar, systemClock), { key });

    // when
    const oldForm = await loadFormOfTask(subject, old.tasks[0] ?? { formKey: null, instanceId: '' });
    const freshForm = await loadFormOfTask(subject, fresh.tasks[0] ?? { formKey: null, instanceId: '' });

    // then
    expect(oldForm?.fields.map((field) => field.label)).toEqual(['Vecā piezīme']);
    expect(freshForm?.fields.map((field) => field.label)).toEqual(['Jaunā piezīme']);
  });
});
