/**
 * `POST /api/messages`: a message by name continues the instances waiting for it, or else starts
 * the deployed processes whose message start event names it; nothing taking it is a 404. And the
 * administrators' list of tasks that reach nobody (`GET /api/tasks/unreachable`,
 * `/admin/unreachable-tasks`), in the same world.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csrfOf } from '../pages/pageClient.js';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

const definitions = (key: string, content: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="https://kanceleja.test">
  <message id="arrived" name="${key}-arrived" />
  <process id="${key}" isExecutable="true">${content}</process>
</definitions>`;

/** Starts only by message. */
const messageStarted = (key: string) =>
  definitions(
    key,
    `
    <startEvent id="received"><messageEventDefinition messageRef="arrived" /></startEvent>
    <sequenceFlow id="f1" sourceRef="received" targetRef="review" />
    <userTask id="review" camunda:assignee="executor" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <endEvent id="end" />`,
  );

/** A plain start and a message start: a message runs the message path only. */
const twoStarts = (key: string) =>
  definitions(
    key,
    `
    <startEvent id="plain" />
    <sequenceFlow id="f0" sourceRef="plain" targetRef="byHand" />
    <userTask id="byHand" camunda:assignee="executor" />
    <startEvent id="received"><messageEventDefinition messageRef="arrived" /></startEvent>
    <sequenceFlow id="f1" sourceRef="received" targetRef="review" />
    <userTask id="review" camunda:assignee="executor" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <endEvent id="end" />`,
  );

/** Waits for the message after its first task. */
const waiting = (key: string) =>
  definitions(
    key,
    `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="arrived" /></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="answer" />
    <userTask id="answer" camunda:assignee="executor" />
    <sequenceFlow id="f3" sourceRef="answer" targetRef="end" />
    <endEvent id="end" />`,
  );

interface Started {
  instanceId: string;
  processKey: string;
  businessKey: string | null;
  tasks: { elementId: string; assignee: string | null }[];
}
interface Received {
  started: Started[];
  continued: string[];
}

describe('messages over the JSON API', () => {
  let world: ApiWorld;
  let designer: ApiClient;
  let executor: ApiClient;
  let registrar: ApiClient;

  const deploy = async (xml: string) => {
    const response = await designer.fetch('/api/processes', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: xml,
    });
    expect(response.status).toBe(201);
  };
  const openTasks = async (instanceId: string) =>
    (await world.store.tasks.listByInstance(instanceId))
      .filter((task) => task.status === 'open')
      .map((task) => task.elementId);

  beforeAll(async () => {
    world = await startApiWorld();
    designer = await world.as('designer');
    executor = await world.as('executor');
    registrar = await world.as('registrar');
  });
  afterAll(() => world.close());

  it('starts a process whose only start is a message start event, with the business key and variables', async () => {
    await deploy(messageStarted('by-message'));

    const response = await executor.post('/api/messages', {
      name: 'by-message-arrived',
      businessKey: 'ticket-1',
      variables: { sender: 'portal' },
    });

    expect(response.status).toBe(201);
    const received = await body<Received>(response);
    expect(received.continued).toEqual([]);
    expect(received.started).toHaveLength(1);
    const [started] = received.started;
    expect(started).toMatchObject({ processKey: 'by-message', businessKey: 'ticket-1' });
    expect(started?.tasks.map((task) => [task.elementId, task.assignee])).toEqual([['review', 'executor']]);
    const instance = await world.store.processInstances.get(started?.instanceId ?? '');
    expect(instance?.variables).toEqual(expect.objectContaining({ sender: 'portal' }));
    const history = await world.store.processHistory.listByInstance(started?.instanceId ?? '');
    expect(history.map((event) => [event.type, event.elementId])).toEqual(
      expect.arrayContaining([
        ['instance.started', null],
        ['message.correlated', 'received'],
      ]),
    );
    const audit = await world.store.audit.list({ objectId: started?.instanceId ?? '' });
    expect(audit.map((event) => [event.action, event.details.message])).toEqual([
      ['process.started', 'by-message-arrived'],
    ]);
  });

  it('runs only the message path of a process that also has a plain start event', async () => {
    await deploy(twoStarts('two-starts'));

    const response = await executor.post('/api/messages', { name: 'two-starts-arrived' });

    expect(response.status).toBe(201);
    const [started] = (await body<Received>(response)).started;
    expect(await openTasks(started?.instanceId ?? '')).toEqual(['review']);
    expect(await world.store.messageSubscriptions.listByInstance(started?.instanceId ?? '')).toEqual([]);
  });

  it('continues the instances waiting for the message (with that business key) and starts none', async () => {
    await deploy(waiting('wait-for-it'));
    const start = async (businessKey: string) =>
      body<Started>(await executor.post('/api/processes/wait-for-it/start', { businessKey }));
    const first = await start('case-A');
    const other = await start('case-B');

    const response = await executor.post('/api/messages', {
      name: 'wait-for-it-arrived',
      businessKey: 'case-A',
      variables: { answer: 'yes' },
    });

    expect(response.status).toBe(200);
    expect(await body<Received>(response)).toEqual({ started: [], continued: [first.instanceId] });
    expect(await openTasks(first.instanceId)).toEqual(['answer']);
    expect(await openTasks(other.instanceId)).toEqual([]);
    const audit = await world.store.audit.list({ objectId: first.instanceId });
    expect(audit.map((event) => event.action)).toContain('process.message_correlated');

    // Without a business key, every instance still waiting takes it.
    const all = await executor.post('/api/messages', { name: 'wait-for-it-arrived' });
    expect(await body<Received>(all)).toEqual({ started: [], continued: [other.instanceId] });
  });

  it('answers 404 when nothing takes the message, and 400 without a name', async () => {
    const none = await executor.post('/api/messages', { name: 'nobody-listens' });
    expect(none.status).toBe(404);
    expect(await body<{ error: string; message: string }>(none)).toMatchObject({ error: 'not_found' });

    expect((await executor.post('/api/messages', { name: ' ' })).status).toBe(400);
    expect((await executor.post('/api/messages', {})).status).toBe(400);
  });

  it('refuses an auditor, and a business key naming a document the sender may not see', async () => {
    await deploy(messageStarted('restricted-start'));
    const auditor = await world.as('auditor');
    expect((await auditor.post('/api/messages', { name: 'restricted-start-arrived' })).status).toBe(403);

    const registered = await registrar.post('/api/documents', {
      register: 'NOS',
      subject: 'Ierobežotas pieejamības vēstule',
      confidentiality: 'restricted',
    });
    expect(registered.status).toBe(201);
    const { id } = await body<{ id: string }>(registered);
    expect((await executor.get(`/api/documents/${id}`)).status).toBe(404);

    const refused = await executor.post('/api/messages', {
      name: 'restricted-start-arrived',
      businessKey: id,
    });

    expect(refused.status).toBe(404);
    const instances = await world.store.processInstances.list({ businessKey: id });
    expect(instances.items).toEqual([]);
    // The registrar, who sees it, may.
    const allowed = await registrar.post('/api/messages', {
      name: 'restricted-start-arrived',
      businessKey: id,
    });
    expect(allowed.status).toBe(201);
  });

  it('starts on a document only for who may route it, as a start does', async () => {
    // given: a document the executor's department sees, and a process started by a message
    await deploy(messageStarted('routed-start'));
    const registered = await registrar.post('/api/documents', { register: 'NOS', subject: 'Vēstule' });
    const { id } = await body<{ id: string }>(registered);
    await registrar.post('/api/messages', { name: 'routed-start-arrived', businessKey: id });
    const before = (await world.store.processInstances.list({ businessKey: id })).items.length;

    // when: an administrator (who sees it and may send messages, but routes no documents) starts it
    const refused = await world.as('admin');
    const answer = await refused.post('/api/messages', { name: 'routed-start-arrived', businessKey: id });

    // then: refused, and nothing started
    expect(answer.status).toBe(403);
    expect((await world.store.processInstances.list({ businessKey: id })).items.length).toBe(before);
  });

  it('is declared in the OpenAPI document', async () => {
    const document = await body<{ paths: Record<string, Record<string, unknown>> }>(
      await executor.get('/api/openapi.json'),
    );
    expect(document.paths['/api/messages']).toHaveProperty('post');
  });

  describe('tasks that reach nobody', () => {
    const KERMIT = (key: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="https://kanceleja.test">
  <process id="${key}" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="frog" />
    <userTask id="frog" name="Ask Kermit" camunda:assignee="Kermit" />
    <sequenceFlow id="f2" sourceRef="frog" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

    it('are listed for administrators as JSON and on the admin page, where they are handed to someone', async () => {
      await deploy(KERMIT('ask-kermit'));
      const started = await body<Started>(await executor.post('/api/processes/ask-kermit/start', {}));
      const admin = await world.as('admin');

      const listed = await admin.get('/api/tasks/unreachable');

      expect(listed.status).toBe(200);
      const tasks =
        await body<{ id: string; instanceId: string; assignee: string; reason: string }[]>(listed);
      const kermit = tasks.find((task) => task.instanceId === started.instanceId);
      expect(kermit).toMatchObject({
        assignee: 'Kermit',
        reason: 'assigned to "Kermit", who is no active user',
      });
      expect((await executor.get('/api/tasks/unreachable')).status).toBe(403);
      expect((await (await world.as('auditor')).get('/api/tasks/unreachable')).status).toBe(403);

      const session = await world.session('admin');
      const page = await session.browser.fetch('/admin/unreachable-tasks', {
        headers: { 'accept-language': 'en' },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Ask Kermit');
      expect(html).toContain(`/admin/unreachable-tasks/${kermit?.id}/reassign`);
      const handed = await session.browser.fetch(`/admin/unreachable-tasks/${kermit?.id}/reassign`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrfOf(html), assignee: 'executor' }).toString(),
      });
      expect(handed.status).toBe(303);

      const after = await body<{ instanceId: string }[]>(await admin.get('/api/tasks/unreachable'));
      expect(after.filter((task) => task.instanceId === started.instanceId)).toEqual([]);
      expect((await world.store.tasks.get(kermit?.id ?? ''))?.assignee).toBe('executor');
    });
  });
});
