import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { samplePdf } from '../support/samplePdf.js';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

const KEY = 'designer-review';

/** Version 1: review → done. Version 2 adds a legal check after the review. Version 3 has no review. */
const processXml = (variant: 'v1' | 'v2' | 'v3') => {
  const review = `<userTask id="review" name="Izskatīt" camunda:candidateGroups="designer" camunda:formKey="review-form" />`;
  const legal = `<userTask id="legal" name="Juridiskā pārbaude" camunda:candidateGroups="designer" />`;
  const body = {
    v1: `<sequenceFlow id="f1" sourceRef="start" targetRef="review" />${review}
    <sequenceFlow id="f2" sourceRef="review" targetRef="done" />`,
    v2: `<sequenceFlow id="f1" sourceRef="start" targetRef="review" />${review}
    <sequenceFlow id="f2" sourceRef="review" targetRef="legal" />${legal}
    <sequenceFlow id="f3" sourceRef="legal" targetRef="done" />`,
    v3: `<sequenceFlow id="f1" sourceRef="start" targetRef="legal" />${legal}
    <sequenceFlow id="f3" sourceRef="legal" targetRef="done" />`,
  }[variant];
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="https://kanceleja.test">
  <process id="${KEY}" name="Izskatīšana" isExecutable="true">
    <startEvent id="start" />
    ${body}
    <endEvent id="done" />
  </process>
</definitions>`;
};

const reviewForm = (label = 'Lēmums') => ({
  type: 'default',
  id: 'review-form',
  components: [
    {
      type: 'radio',
      key: 'verdict',
      label,
      values: [
        { label: 'Jā', value: 'yes' },
        { label: 'Nē', value: 'no' },
      ],
      validate: { required: true },
    },
    { type: 'textfield', key: 'note', label: 'Piezīme', validate: { maxLength: 20 } },
  ],
});

interface ErrorAnswer {
  error: string;
  message: string;
  problems?: { field?: string; elementId?: string; message: string }[];
}
interface Task {
  id: string;
  elementId: string;
  instanceId: string;
  assignee: string | null;
}

describe('the process designer API', () => {
  let world: ApiWorld;
  let designer: ApiClient;
  let executor: ApiClient;
  let auditor: ApiClient;
  const instances: string[] = [];

  const start = async () => {
    const started = await body<{ instanceId: string; tasks: Task[] }>(
      await designer.post(`/api/processes/${KEY}/start`, {}),
    );
    instances.push(started.instanceId);
    return started;
  };

  beforeAll(async () => {
    world = await startApiWorld();
    designer = await world.as('designer');
    executor = await world.as('executor');
    auditor = await world.as('auditor');
  });
  afterAll(() => world.close());

  it('deploys XML with its forms as JSON; the same again, or without forms, is the same version', async () => {
    // when
    const first = await designer.post('/api/processes', {
      xml: processXml('v1'),
      forms: { 'review-form': reviewForm() },
    });
    const same = await designer.post('/api/processes', {
      xml: processXml('v1'),
      forms: { 'review-form': reviewForm() },
    });
    const keptForm = await designer.post('/api/processes', { xml: processXml('v1') });

    // then
    expect(first.status).toBe(201);
    expect(await body(first)).toMatchObject({ key: KEY, version: 1, created: true });
    expect(same.status).toBe(200);
    expect(await body(same)).toMatchObject({ version: 1, created: false });
    expect(await body(keptForm)).toMatchObject({ version: 1, created: false });
  });

  it('refuses a form that is not a valid form-js schema, with problems, storing nothing', async () => {
    // given
    const broken = {
      components: [
        { type: 'textfield', key: 'note' },
        { type: 'textarea', key: 'note' },
        { type: 'select', key: 'choice' },
        { key: 'untyped' },
      ],
    };

    // when
    const response = await designer.post('/api/processes', {
      xml: processXml('v1'),
      forms: { 'review-form': broken },
    });

    // then
    expect(response.status).toBe(400);
    const answer = await body<ErrorAnswer>(response);
    expect(answer.problems?.map((p) => p.field)).toEqual([
      'forms.review-form.components[1].key',
      'forms.review-form.components[2]',
      'forms.review-form.components[3]',
    ]);
    expect(
      (await body<{ versions: unknown[] }>(await designer.get(`/api/processes/${KEY}/versions`))).versions,
    ).toHaveLength(1);
  });

  it('names the element, its name and line of a deployment problem', async () => {
    // when
    const response = await designer.post('/api/processes', {
      xml: processXml('v1').replace(
        '<endEvent id="done" />',
        '<endEvent id="done" /><scriptTask id="hack" name="Skripts" />',
      ),
    });

    // then
    expect(response.status).toBe(400);
    expect((await body<ErrorAnswer>(response)).problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'hack', elementName: 'Skripts', line: 8 }),
      ]),
    );
  });

  it('lists versions with their deployer and instance counts, and reads one with its forms', async () => {
    // given
    await start();
    await start();
    await start();
    await designer.post('/api/processes', { xml: processXml('v2') });
    await designer.post('/api/processes', { xml: processXml('v3') });

    // when
    const versions = await body<{ versions: Record<string, unknown>[] }>(
      await designer.get(`/api/processes/${KEY}/versions`),
    );
    const second = await body<{ forms: Record<string, unknown>; xml: string; version: number }>(
      await executor.get(`/api/processes/${KEY}/versions/2`),
    );
    const missing = await designer.get(`/api/processes/${KEY}/versions/9`);

    // then
    expect(versions.versions.map((v) => [v.version, v.deployedByName, v.running, v.finished])).toEqual([
      [1, 'designer', 3, 0],
      [2, 'designer', 0, 0],
      [3, 'designer', 0, 0],
    ]);
    expect(second.version).toBe(2);
    expect(second.xml).toContain('id="legal"');
    expect(second.forms).toEqual({ 'review-form': reviewForm() });
    expect(missing.status).toBe(404);
  });

  it('compares two versions: added, removed and changed elements', async () => {
    // when
    const response = await designer.get(`/api/processes/${KEY}/compare?from=1&to=2`);
    const byExecutor = await executor.get(`/api/processes/${KEY}/compare?from=1&to=2`);

    // then
    expect(response.status).toBe(200);
    const comparison = await body<{
      from: number;
      to: number;
      added: { id: string }[];
      removed: unknown[];
      changed: { id: string; changes: string[] }[];
    }>(response);
    expect(comparison.from).toBe(1);
    expect(comparison.added.map((e) => e.id).sort()).toEqual(['f3', 'legal']);
    expect(comparison.added).toContainEqual({
      id: 'legal',
      name: 'Juridiskā pārbaude',
      type: 'bpmn:UserTask',
    });
    expect(comparison.removed).toEqual([]);
    expect(comparison.changed).toEqual([
      { id: 'f2', name: null, type: 'bpmn:SequenceFlow', changes: ['targetRef: done → legal'] },
    ]);
    expect(byExecutor.status).toBe(403);
  });

  it('counts per activity where the instances of a version stand', async () => {
    // when
    const response = await designer.get(`/api/processes/${KEY}/versions/1/activity-counts`);

    // then
    expect(await body(response)).toEqual({
      counts: { start: { active: 0, completed: 3 }, review: { active: 3, completed: 0 } },
    });
  });

  it('shows the diagram of an instance to designers and auditors, and to no one else', async () => {
    // when
    const response = await auditor.get(`/api/process-instances/${instances[0]}/diagram`);
    const byExecutor = await executor.get(`/api/process-instances/${instances[0]}/diagram`);

    // then
    const diagram = await body<Record<string, unknown>>(response);
    expect(diagram).toMatchObject({
      instanceId: instances[0],
      key: KEY,
      version: 1,
      status: 'running',
      active: ['review'],
      completed: ['start'],
    });
    expect(diagram.xml).toContain('id="review"');
    expect(diagram.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'task.created',
          elementId: 'review',
          elementName: 'Izskatīt',
          actorName: 'designer',
        }),
      ]),
    );
    expect(byExecutor.status).toBe(404);
  });

  it("checks completed task data against the form of the task's process version", async () => {
    // given
    const tasks = await body<Task[]>(await designer.get('/api/tasks?scope=department'));
    const task = tasks.find((t) => t.instanceId === instances[1]);

    // when
    const wrong = await designer.post(`/api/tasks/${task?.id}/complete`, {
      data: { verdict: 'maybe', note: 'x'.repeat(21) },
    });
    const missing = await designer.post(`/api/tasks/${task?.id}/complete`, { data: { note: 7 } });

    // then
    expect(wrong.status).toBe(400);
    expect((await body<ErrorAnswer>(wrong)).problems).toEqual([
      {
        field: 'verdict',
        message: 'not a choice: maybe',
        code: 'problem.notChoice',
        params: { value: 'maybe' },
      },
      {
        field: 'note',
        message: 'may be at most 20 characters long',
        code: 'problem.tooLong',
        params: { max: 20 },
      },
    ]);
    expect((await body<ErrorAnswer>(missing)).problems).toEqual([
      { field: 'note', message: 'must be text' },
      { field: 'verdict', message: 'is required', code: 'problem.required' },
    ]);
  });

  it('refuses task data with a field the deployed form does not have, naming it, and changes nothing', async () => {
    // given: the task of version 1, whose form has `verdict` and `note`
    const tasks = await body<Task[]>(await designer.get('/api/tasks?scope=department'));
    const task = tasks.find((t) => t.instanceId === instances[1]);

    // when
    const response = await designer.post(`/api/tasks/${task?.id}/complete`, {
      data: { verdict: 'yes', note: 'Labi.', notte: 'x' },
    });

    // then
    expect(response.status).toBe(400);
    expect((await body<ErrorAnswer>(response)).problems).toEqual([
      { field: 'notte', message: 'is not a known field', code: 'problem.unknownField' },
    ]);
    expect((await world.store.tasks.get(task?.id ?? ''))?.status).toBe('open');
  });

  it("shows the diagram of a document's instance to those who may see the document", async () => {
    // given
    const registrar = await world.as('registrar');
    const outsider = await world.as('outsider');
    const form = new FormData();
    form.set('document', JSON.stringify({ register: 'IEN', subject: 'Diagrammas vēstule' }));
    form.append('files', new Blob([await samplePdf(['Diagramma'])]), 'vestule.pdf');
    const letter = await body<{ id: string }>(
      await registrar.fetch('/api/documents', { method: 'POST', body: form }),
    );
    const [instance] = (await world.store.processInstances.list({ businessKey: letter.id })).items;

    // when
    const byRegistrar = await registrar.get(`/api/process-instances/${instance?.id}/diagram`);
    const byOutsider = await outsider.get(`/api/process-instances/${instance?.id}/diagram`);

    // then
    expect(await body(byRegistrar)).toMatchObject({ key: 'incoming-correspondence', active: ['Resolution'] });
    expect(byOutsider.status).toBe(404);
  });

  it('refuses to move an instance to a version without its current task, listing what blocks it', async () => {
    // when
    const response = await designer.post(`/api/process-instances/${instances[0]}/migrate`, { toVersion: 3 });
    const byExecutor = await executor.post(`/api/process-instances/${instances[0]}/migrate`, {
      toVersion: 2,
    });

    // then
    expect(response.status).toBe(409);
    const answer = await body<ErrorAnswer>(response);
    expect(answer.error).toBe('conflict');
    expect(answer.problems).toEqual([
      { elementId: 'review', message: expect.stringContaining('version 3 does not have') },
    ]);
    expect(byExecutor.status).toBe(403);
  });

  it('moves an instance to version 2, where it takes the new route, while another stays on version 1', async () => {
    // when
    const response = await designer.post(`/api/process-instances/${instances[0]}/migrate`, { toVersion: 2 });
    const tasks = await body<Task[]>(await designer.get('/api/tasks?scope=department'));
    const moved = tasks.find((task) => task.instanceId === instances[0]);
    const stayed = tasks.find((task) => task.instanceId === instances[1]);
    const completedMoved = await designer.post(`/api/tasks/${moved?.id}/complete`, {
      data: { verdict: 'yes' },
    });
    const completedStayed = await designer.post(`/api/tasks/${stayed?.id}/complete`, {
      data: { verdict: 'no' },
    });

    // then
    expect(response.status).toBe(200);
    expect(await body(response)).toEqual({ instanceId: instances[0], fromVersion: 1, toVersion: 2 });
    expect(await body(completedMoved)).toMatchObject({
      instanceStatus: 'running',
      openTasks: [expect.objectContaining({ elementId: 'legal' })],
    });
    expect(await body(completedStayed)).toMatchObject({ instanceStatus: 'completed', openTasks: [] });
    const audit = await world.store.audit.list({ objectId: instances[0] });
    expect(audit.map((event) => event.action)).toContain('process.instance_migrated');
  });

  it('moves the running instances of a version in bulk, reporting those blocked', async () => {
    // given
    const third = { instanceId: instances[2] ?? '' };

    // when
    const blocked = await designer.post(`/api/processes/${KEY}/migrate`, { fromVersion: 1, toVersion: 3 });
    const moved = await designer.post(`/api/processes/${KEY}/migrate`, {
      fromVersion: 1,
      toVersion: 2,
      instanceIds: [third.instanceId],
    });

    // then
    expect(await body(blocked)).toEqual({
      migrated: [],
      blocked: [
        { instanceId: third.instanceId, problems: [expect.objectContaining({ elementId: 'review' })] },
      ],
    });
    expect(await body(moved)).toEqual({ migrated: [third.instanceId], blocked: [] });
  });

  it('offers the candidate groups and built-in services to designers only', async () => {
    // when
    const groups = await body<{
      roles: { code: string }[];
      departments: { code: string }[];
      groups: string[];
    }>(await designer.get('/api/directory/groups'));
    const services = await body<{ services: { name: string; inputs: string[] }[] }>(
      await designer.get('/api/directory/services'),
    );
    const byExecutor = await executor.get('/api/directory/groups');

    // then
    expect(groups.roles.map((role) => role.code)).toContain('dept_head');
    expect(groups.departments.map((department) => department.code)).toEqual(['BUV', 'DOME', 'KANC', 'SOC']);
    expect(groups.groups).toEqual(expect.arrayContaining(['head', 'BUV', 'dept_head:BUV']));
    expect(services.services).toContainEqual({ name: 'setDocumentStatus', inputs: ['status'] });
    expect(byExecutor.status).toBe(403);
  });
});
