import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

const processXml = (key: string, task = 'Izskatīt', extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="https://kanceleja.test">
  <process id="${key}" name="Pārbaude" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <userTask id="review" name="${task}" camunda:candidateGroups="designer" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="done" />
    <endEvent id="done" />${extra}
  </process>
</definitions>`;

const SCRIPT_TASK = `
    <scriptTask id="hack" name="Skripts" scriptFormat="javascript"><script>process.exit(1)</script></scriptTask>`;

interface ErrorAnswer {
  error: string;
  message: string;
  problems?: { field?: string; message: string }[];
}

describe('process definitions over the JSON API', () => {
  let world: ApiWorld;
  let designer: ApiClient;
  let executor: ApiClient;

  const deploy = (client: ApiClient, xml: string, type = 'application/xml') =>
    client.fetch('/api/processes', { method: 'POST', headers: { 'content-type': type }, body: xml });

  beforeAll(async () => {
    world = await startApiWorld();
    designer = await world.as('designer');
    executor = await world.as('executor');
  });
  afterAll(() => world.close());

  it('deploys BPMN XML as version 1, the same XML again as itself, and a change as version 2', async () => {
    // when
    const first = await deploy(designer, processXml('review-letter'));
    const same = await deploy(designer, processXml('review-letter'), 'text/xml');
    const changed = await deploy(designer, processXml('review-letter', 'Izskatīt vēlreiz'));

    // then
    expect(first.status).toBe(201);
    expect(await body(first)).toEqual({
      key: 'review-letter',
      version: 1,
      name: 'Pārbaude',
      created: true,
      warnings: [],
    });
    expect(same.status).toBe(200);
    expect(await body(same)).toMatchObject({ key: 'review-letter', version: 1, created: false });
    expect(changed.status).toBe(201);
    expect(await body(changed)).toMatchObject({ key: 'review-letter', version: 2 });
  });

  it('refuses a process with a script task with 400 and the problems, storing nothing', async () => {
    // when
    const response = await deploy(designer, processXml('scripted', 'x', SCRIPT_TASK));

    // then
    expect(response.status).toBe(400);
    const answer = await body<ErrorAnswer>(response);
    expect(answer.error).toBe('invalid');
    expect(answer.message).toMatch(/cannot be deployed/);
    expect(answer.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining('hack') })]),
    );
    expect((await designer.get('/api/processes/scripted')).status).toBe(404);
  });

  it('refuses XML that is not BPMN, an empty body, plain text, and a deployment by an executor', async () => {
    // when
    const garbage = await deploy(designer, '<html><body>not bpmn</body></html>');
    const empty = await deploy(designer, '');
    const asText = await deploy(designer, processXml('as-text'), 'text/plain');
    const byExecutor = await deploy(executor, processXml('by-executor'));

    // then
    expect(garbage.status).toBe(400);
    expect((await body<ErrorAnswer>(garbage)).problems?.length).toBeGreaterThan(0);
    expect(empty.status).toBe(400);
    expect((await body<ErrorAnswer>(empty)).problems).toEqual([
      { field: 'xml', message: 'The BPMN file is empty.' },
    ]);
    expect(asText.status).toBe(415);
    expect(byExecutor.status).toBe(403);
  });

  it('lists processes, reads one with its XML and versions, and starts it', async () => {
    // given
    await deploy(designer, processXml('start-me'));

    // when
    const list = await executor.get('/api/processes');
    const one = await executor.get('/api/processes/start-me');
    const started = await designer.post('/api/processes/start-me/start', {
      variables: { subject: 'Pārbaude' },
    });

    // then
    expect((await body<{ key: string }[]>(list)).map((p) => p.key)).toEqual(
      expect.arrayContaining(['incoming-correspondence', 'order', 'start-me']),
    );
    const read = await body<{ definition: { xml: string; version: number }; versions: unknown[] }>(one);
    expect(read.definition.xml).toContain('id="start-me"');
    expect(read.versions).toHaveLength(1);
    expect(started.status).toBe(201);
    expect(await body(started)).toMatchObject({
      processKey: 'start-me',
      status: 'running',
      tasks: [expect.objectContaining({ elementId: 'review', candidateGroups: ['designer'] })],
    });
  });

  it('answers 404 when starting an unknown process and 400 for bad start input', async () => {
    const unknown = await designer.post('/api/processes/no-such-process/start', {});
    const bad = await designer.post('/api/processes/start-me/start', { variables: 'x', colour: 1 });

    expect(unknown.status).toBe(404);
    expect(bad.status).toBe(400);
    expect((await body<ErrorAnswer>(bad)).problems?.map((p) => p.field).sort()).toEqual([
      'colour',
      'variables',
    ]);
  });
});
