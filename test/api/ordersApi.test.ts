/** `POST /api/orders`: the head issues an order, numbered at issue; a draft has no number. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface OrderAnswer {
  id: string;
  status: string;
  registrationNumber: string | null;
  processInstanceId: string;
  issueTaskId: string;
}

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('orders over the JSON API', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
    await world.store.registers.insert({
      code: 'RIK',
      name: 'Rīkojumi',
      kind: 'order',
      numberPattern: 'R-{seq}',
      departmentId: null,
      processKey: 'order',
      answerDeadlineRule: null,
      yearlyReset: false,
    });
  });
  afterAll(() => world.close());

  it('issues an order numbered at issue; a draft waits without a number; refusals number nothing', async () => {
    const head = await world.as('head');
    const order = { subject: 'Par ielu apgaismojumu', text: 'Pārbaudīt.', departments: ['BUV'] };

    const draft = await head.post('/api/orders', { ...order, issue: false });
    expect(draft.status).toBe(201);
    expect(await body<OrderAnswer>(draft)).toMatchObject({ status: 'draft', registrationNumber: null });

    const refused = await head.post('/api/orders', { ...order, departments: ['SOC'], deadline: inDays(5) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('the department SOC has no department head');

    const issued = await head.post('/api/orders', { ...order, register: 'RIK', deadline: inDays(5) });
    expect(issued.status).toBe(201);
    expect(await body<OrderAnswer>(issued)).toMatchObject({
      status: 'in_progress',
      registrationNumber: 'R-1',
    });

    const executor = await world.as('executor');
    expect((await executor.post('/api/orders', { ...order, deadline: inDays(5) })).status).toBe(403);
  });

  it('refuses a co-execution started by hand without its executors, with no server error', async () => {
    const head = await world.as('head');
    const started = await head.post('/api/processes/order-co-execution/start', { variables: {} });

    expect(started.status).toBeGreaterThanOrEqual(400);
    expect(started.status).toBeLessThan(500);
  });
});
