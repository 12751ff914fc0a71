/**
 * An order through the pages: the head issues an order to a department, the department head finds
 * it among the department's unassigned tasks, takes it and delegates it to an executor of the
 * department, who reports; the head accepts under control.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { logIn, optionValue, type PageClient, taskLinks } from './pageClient.js';

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('an order through the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let head: PageClient;
  let deptHead: PageClient;
  let executor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-order-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [head, deptHead, executor] = await Promise.all([
      logIn(server, 'head'),
      logIn(server, 'depthead'),
      logIn(server, 'executor'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reaches the department, is delegated within it, reported and accepted', async () => {
    // given: the head issues an order to the construction board
    const form = await head.page('/documents/orders/new');
    expect(form).toMatch(/type='checkbox'\s+name='departments'\s+value='BUV'/);
    const registered = await head.submit('/documents/orders/new', '/documents/orders/new', {
      registerId: optionValue(form, 'RIK'),
      subject: 'Par ielu apgaismojuma pārbaudi',
      departments: ['BUV'],
      controller: 'head',
      deadline: inDays(10),
      text: 'Pārbaudīt apgaismojumu.',
      action: 'issue',
    });
    expect(registered.status).toBe(303);

    // when: the department head finds it among the department's unassigned tasks and takes it
    const department = await deptHead.page('/?scope=department');
    // in the page's language, as the shipped order process names the step
    expect(department).toContain('>Execution in the department</a>');
    expect(department).toMatch(/Not taken yet \(1\)/);
    const taskId = taskLinks(department)[0] ?? '';
    const claimed = await deptHead.submit('/?scope=department', `/tasks/${taskId}/claim`, {});
    expect(claimed.status).toBe(303);
    expect(await deptHead.page('/?scope=mine')).toContain('Execution in the department');

    // and delegates it to an executor of the department
    const taskPage = await deptHead.page(`/tasks/${taskId}`);
    expect(taskPage).toContain("<option value='executor'>Pēteris Liepa</option>");
    expect(taskPage).not.toContain("<option value='head'>");
    // Releasing (back to the department) is a word of its own, explained, not another "return".
    expect(taskPage).toContain('>Release</button>');
    expect(taskPage).toContain('The task goes back to those it was offered to');
    // Nothing is preselected; "Review" shows what will happen, and only the confirmation sends it.
    expect(taskPage).not.toMatch(/name='executors' value='executor'\s+checked/);
    const choice = { executors: ['executor'], responsible: 'executor' };
    const review = await deptHead.submit(`/tasks/${taskId}`, `/tasks/${taskId}/delegate`, choice);
    expect(review.status).toBe(200);
    expect(await review.text()).toContain('Check before sending');
    expect(taskLinks(await executor.page('/?scope=mine'))).not.toContain(taskId);
    const delegated = await deptHead.submit(`/tasks/${taskId}`, `/tasks/${taskId}/delegate`, {
      ...choice,
      confirm: '1',
    });
    expect(delegated.status).toBe(303);

    // then the executor reports, the head accepts, and the order is closed
    expect(taskLinks(await executor.page('/?scope=mine'))).toContain(taskId);
    const reported = await executor.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, { report: 'Pārbaudīts.' });
    expect(reported.status).toBe(303);
    const controlTask = taskLinks(await head.page('/'))[0] ?? '';
    expect(await head.page('/control')).toContain('>Execution control</a>');
    expect(
      (await head.submit(`/tasks/${controlTask}`, `/tasks/${controlTask}`, { control: 'accept' })).status,
    ).toBe(303);
    expect(await head.page(registered.headers.get('location') ?? '')).toContain(
      "<span class='badge'>closed</span>",
    );
  });

  it('refuses delegation to someone outside the department', async () => {
    const form = await head.page('/documents/orders/new');
    await head.submit('/documents/orders/new', '/documents/orders/new', {
      registerId: optionValue(form, 'RIK'),
      subject: 'Otrs rīkojums',
      departments: ['BUV'],
      controller: 'head',
      deadline: inDays(10),
      text: 'Otrs.',
      action: 'issue',
    });
    const taskId = taskLinks(await deptHead.page('/?scope=department'))[0] ?? '';

    const refused = await deptHead.submit(`/tasks/${taskId}`, `/tasks/${taskId}/delegate`, {
      assignee: 'registrar',
    });

    expect(refused.status).toBe(404);
    expect(taskLinks(await deptHead.page('/?scope=department'))).toContain(taskId);
  });

  it('refuses an order to a department without a department head, naming it, and keeps the task', async () => {
    // given: an order drafted without a number; the social service (SOC) has nobody to receive it
    const before = taskLinks(await head.page('/'));
    const form = await head.page('/documents/orders/new');
    await head.submit('/documents/orders/new', '/documents/orders/new', {
      registerId: optionValue(form, 'RIK'),
      subject: 'Par sociālo dzīvokļu pārbaudi',
      text: 'Pārbaudīt dzīvokļus.',
      action: 'draft',
    });
    const orderTask = taskLinks(await head.page('/')).find((id) => !before.includes(id)) ?? '';

    // when
    const refused = await head.submit(`/tasks/${orderTask}`, `/tasks/${orderTask}`, {
      departments: ['BUV', 'SOC'],
      controller: 'head',
      deadline: inDays(10),
      text: 'Pārbaudīt dzīvokļus.',
    });

    // then
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('the department SOC has no department head to receive the order');
    expect(await head.page(`/tasks/${orderTask}`)).toContain(`action='/tasks/${orderTask}'`);
    expect(taskLinks(await head.page('/'))).toContain(orderTask);
  });
});
