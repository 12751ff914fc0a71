import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { samplePdf } from '../support/samplePdf.js';
import { type ApiClient, type ApiWorld, body, daysFromToday, startApiWorld } from './apiWorld.js';

interface Task {
  id: string;
  elementId: string;
  assignee: string | null;
  businessKey: string | null;
  status: string;
}
interface ErrorAnswer {
  error: string;
  message: string;
  problems?: { field?: string; message: string }[];
}

describe('routing a document through tasks over the JSON API', () => {
  let world: ApiWorld;
  let registrar: ApiClient;
  let head: ApiClient;
  let executor: ApiClient;
  let outsider: ApiClient;
  let auditor: ApiClient;

  beforeAll(async () => {
    world = await startApiWorld();
    registrar = await world.as('registrar');
    head = await world.as('head');
    executor = await world.as('executor');
    outsider = await world.as('outsider');
    auditor = await world.as('auditor');
  });
  afterAll(() => world.close());

  async function registerLetter(subject: string) {
    const form = new FormData();
    form.set('document', JSON.stringify({ register: 'IEN', subject }));
    form.append('files', new Blob([await samplePdf([subject])]), 'vestule.pdf');
    const registered = await body<{ id: string; attachments: { id: string }[] }>(
      await registrar.fetch('/api/documents', { method: 'POST', body: form }),
    );
    const resolution = (await body<Task[]>(await head.get('/api/tasks?scope=department'))).find(
      (task) => task.businessKey === registered.id,
    );
    if (!resolution) throw new Error('no resolution task for the new document');
    return { documentId: registered.id, attachmentId: registered.attachments[0]?.id ?? '', resolution };
  }

  const resolve = (taskId: string) =>
    head.post(`/api/tasks/${taskId}/complete`, {
      data: {
        decision: 'execute',
        executors: ['executor'],
        responsible: 'executor',
        controller: 'head',
        deadline: daysFromToday(30),
        text: 'Sagatavot atbildi.',
      },
    });

  it('keeps a document from an executor until it is routed to them, then shows it and its attachment', async () => {
    // given
    const letter = await registerLetter(`Par kanalizāciju ${Date.now()}`);

    // then: before the resolution, nothing of it is visible to the executor
    expect((await executor.get(`/api/documents/${letter.documentId}`)).status).toBe(404);
    expect((await executor.get(`/api/attachments/${letter.attachmentId}`)).status).toBe(404);
    expect(await body<{ total: number }>(await executor.get('/api/documents?q=kanalizāciju'))).toMatchObject({
      total: 0,
    });

    // when
    const resolved = await resolve(letter.resolution.id);

    // then
    expect(resolved.status).toBe(200);
    expect((await executor.get(`/api/documents/${letter.documentId}`)).status).toBe(200);
    expect((await executor.get(`/api/attachments/${letter.attachmentId}`)).status).toBe(200);
    expect(await body<{ total: number }>(await executor.get('/api/documents?q=kanalizāciju'))).toMatchObject({
      total: 1,
    });
    expect((await outsider.get(`/api/documents/${letter.documentId}`)).status).toBe(404);
    expect((await outsider.get(`/api/attachments/${letter.attachmentId}`)).status).toBe(404);
  });

  it("completes the executor's task through the API and moves the process on", async () => {
    // given
    const letter = await registerLetter(`Par ielu remontu ${Date.now()}`);
    await resolve(letter.resolution.id);
    const mine = await body<Task[]>(await executor.get('/api/tasks?scope=mine'));
    const execution = mine.find((task) => task.businessKey === letter.documentId);
    expect(execution).toMatchObject({ elementId: 'Execution', assignee: 'executor' });

    // when
    const completed = await executor.post(`/api/tasks/${execution?.id}/complete`, {
      data: { outcome: 'done', comment: 'Atbilde nosūtīta.' },
    });

    // then
    expect(completed.status).toBe(200);
    const answer = await body<{ task: Task; openTasks: Task[]; instanceStatus: string }>(completed);
    expect(answer.task).toMatchObject({ id: execution?.id, status: 'completed' });
    expect(answer.instanceStatus).toBe('running');
    expect(answer.openTasks).toEqual([
      expect.objectContaining({ elementId: 'Report', assignee: 'executor' }),
    ]);
    const card = await body<{ history: { type: string }[] }>(
      await executor.get(`/api/documents/${letter.documentId}`),
    );
    expect(card.history.map((event) => event.type)).toContain('task.completed');
  });

  it('refuses to complete a task twice (409), by an outsider department as unknown (404), or an unknown one (404)', async () => {
    // given
    const letter = await registerLetter(`Par tiltu ${Date.now()}`);
    await resolve(letter.resolution.id);
    const execution = (await body<Task[]>(await executor.get('/api/tasks?scope=mine'))).find(
      (task) => task.businessKey === letter.documentId,
    );

    // when
    const byOutsider = await outsider.post(`/api/tasks/${execution?.id}/complete`, {
      data: { outcome: 'done' },
    });
    const first = await executor.post(`/api/tasks/${execution?.id}/complete`, { data: { outcome: 'done' } });
    const second = await executor.post(`/api/tasks/${execution?.id}/complete`, { data: { outcome: 'done' } });
    const unknown = await executor.post('/api/tasks/00000000-0000-4000-8000-000000000000/complete', {
      data: {},
    });
    const malformed = await executor.post('/api/tasks/x/complete', { data: {} });

    // then
    expect(byOutsider.status).toBe(404);
    expect(JSON.stringify(await body<ErrorAnswer>(byOutsider))).not.toContain(letter.documentId);
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(await body<ErrorAnswer>(second)).toMatchObject({ error: 'conflict', message: expect.any(String) });
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
  });

  it("checks the head's resolution as a resolution: missing executors, responsible, controller and deadline are 400 with problems", async () => {
    // given
    const letter = await registerLetter(`Par parku ${Date.now()}`);

    // when
    const response = await head.post(`/api/tasks/${letter.resolution.id}/complete`, {
      data: { decision: 'execute', text: 'Izpildīt.' },
    });
    const notAnObject = await head.post(`/api/tasks/${letter.resolution.id}/complete`, { data: ['execute'] });

    // then
    expect(response.status).toBe(400);
    // nothing is filled in silently: no first user as responsible, no resolver as controller
    expect((await body<ErrorAnswer>(response)).problems?.map((p) => p.field).sort()).toEqual([
      'controller',
      'deadline',
      'executors',
      'responsible',
    ]);
    expect(notAnObject.status).toBe(400);
    expect((await body<ErrorAnswer>(notAnObject)).problems?.[0]?.field).toBe('data');
  });

  it('refuses a resolution with a field its form does not have, naming it, and changes nothing', async () => {
    // given
    const letter = await registerLetter(`Par soliņiem ${Date.now()}`);
    const valid = {
      decision: 'execute',
      executors: ['executor'],
      responsible: 'executor',
      controller: 'head',
      deadline: daysFromToday(30),
      text: 'Sagatavot atbildi.',
    };

    // when
    const response = await head.post(`/api/tasks/${letter.resolution.id}/complete`, {
      data: { ...valid, deadlin: daysFromToday(10), priority: 'urgent' },
    });

    // then
    expect(response.status).toBe(400);
    expect((await body<ErrorAnswer>(response)).problems).toEqual([
      { field: 'deadlin', message: 'is not a known field', code: 'problem.unknownField' },
      { field: 'priority', message: 'is not a known field', code: 'problem.unknownField' },
    ]);
    const task = await world.store.tasks.get(letter.resolution.id);
    expect(task?.status).toBe('open');
    expect((await resolve(letter.resolution.id)).status).toBe(200);
  });

  it('claims and releases an offered task, and refuses a claim by someone it is not offered to', async () => {
    // given
    const letter = await registerLetter(`Par skolu ${Date.now()}`);
    const taskPath = `/api/tasks/${letter.resolution.id}`;

    // when
    const byAuditor = await auditor.post(`${taskPath}/claim`);
    const claimed = await head.post(`${taskPath}/claim`);
    const again = await head.post(`${taskPath}/claim`);
    const inbox = await body<Task[]>(await head.get('/api/tasks?scope=mine'));
    const released = await head.post(`${taskPath}/unclaim`);

    // then
    expect(byAuditor.status).toBe(403);
    expect(claimed.status).toBe(200);
    expect(await body<Task>(claimed)).toMatchObject({ assignee: 'head' });
    expect(again.status).toBe(409);
    expect(inbox.map((task) => task.id)).toContain(letter.resolution.id);
    expect(released.status).toBe(200);
    expect(await body<Task>(released)).toMatchObject({ assignee: null });
  });

  it('refuses an unknown inbox scope with 400', async () => {
    const response = await executor.get('/api/tasks?scope=everything');

    expect(response.status).toBe(400);
    expect((await body<ErrorAnswer>(response)).problems?.[0]?.field).toBe('scope');
  });
});
