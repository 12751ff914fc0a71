/**
 * The head's order through the pages: drafted and issued on "New order", numbered at issue; the
 * department head finds it; the registrar named controller gets "Under my control"; the card labels
 * the text "Order" (lv "Rīkojums") and names whom an open task is offered to in words.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { flat, inDays, logIn, optionValue, type PageClient, taskLinks } from './pageClient.js';

describe('the head issues an order through the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let head: PageClient;
  let deptHead: PageClient;
  let registrar: PageClient;
  let executor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-order-issue-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [head, deptHead, registrar, executor] = await Promise.all([
      logIn(server, 'head'),
      logIn(server, 'depthead'),
      logIn(server, 'registrar'),
      logIn(server, 'executor'),
    ]);
    // A second executor of the construction board, for a delegation to several.
    const building = await server.store.departments.getByCode('BUV');
    await server.store.users.insert({
      username: 'executor2',
      displayName: 'Rūdolfs Kalns',
      roles: ['executor'],
      departmentId: building?.id ?? null,
      source: 'local',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('drafts, issues and numbers the order at issue; the controller and the card show it', async () => {
    // given: the head's menu offers a new order, and the registrar controls nothing yet
    expect(await head.page('/')).toContain("href='/documents/orders/new'");
    expect(await registrar.page('/')).not.toContain("href='/control'");
    const form = await head.page('/documents/orders/new');
    expect(form).toMatch(/type='checkbox'\s+name='departments'\s+value='BUV'/);
    // A head does not register an order (numbered at once): she issues it.
    const newDocument = await head.page('/documents/new');
    expect(() => optionValue(newDocument, 'RIK')).toThrow('no option');

    // a refused order is shown again with its problem, and nothing is numbered
    const refused = await head.submit('/documents/orders/new', '/documents/orders/new', {
      registerId: optionValue(form, 'RIK'),
      subject: 'Par sociālo dzīvokļu pārbaudi',
      text: 'Pārbaudīt.',
      departments: ['SOC'],
      controller: 'registrar',
      deadline: inDays(10),
      action: 'issue',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('the department SOC has no department head to receive the order');

    // when: the head issues an order to the construction board, the registrar controlling it
    const issued = await head.submit('/documents/orders/new', '/documents/orders/new', {
      registerId: optionValue(form, 'RIK'),
      subject: 'Par ielu apgaismojuma pārbaudi',
      text: 'Pārbaudīt apgaismojumu Rīgas ielā.',
      departments: ['BUV'],
      controller: 'registrar',
      deadline: inDays(10),
      action: 'issue',
    });

    // then: it is numbered (the first order of the register), in progress, at the department
    expect(issued.status).toBe(303);
    const cardPath = issued.headers.get('location') ?? '';
    const card = await head.page(cardPath);
    const year = String(new Date().getFullYear()).slice(2);
    expect(card).toContain(`ADM/1-10-1/${year}/1`);
    expect(flat(card)).toContain('<dt>Order</dt>');
    expect(card).not.toContain('<dt>Resolution</dt>');
    expect(card).not.toContain('dept_head:');
    expect(flat(card)).toContain('Head of Būvvalde');

    const department = await deptHead.page('/?scope=department');
    expect(department).toContain('>Execution in the department</a>');
    expect(taskLinks(department).length).toBeGreaterThan(0);

    // the registrar, named controller, now has "Under my control", listing the department's step
    const registrarHome = await registrar.page('/');
    expect(registrarHome).toContain("href='/control'");
    expect(await registrar.page('/control')).toContain('Execution in the department');

    // and in Latvian the card says "Rīkojums", and whom the open task waits for in words
    await head.fetch(`/language/lv?back=${encodeURIComponent(cardPath)}`);
    const lvCard = flat(await head.page(cardPath));
    expect(lvCard).toContain('<dt>Rīkojums</dt>');
    expect(lvCard).toContain('Nodaļas vadītājs (Būvvalde)');
    expect(lvCard).not.toContain('dept_head:');
    await head.fetch('/language/en?back=/');

    // when: the department head hands it to two executors, one responsible, and confirms
    const taskId = taskLinks(department)[0] ?? '';
    const taskPage = await deptHead.page(`/tasks/${taskId}`);
    expect(taskPage).toMatch(/type='checkbox'\s+name='executors'\s+value='executor'\s*\/>/);
    expect(taskPage).toContain("<option value=''>— choose —</option>");
    const choice = { executors: ['executor', 'executor2'], responsible: '' };
    const noResponsible = await deptHead.submit(`/tasks/${taskId}`, `/tasks/${taskId}/delegate`, choice);
    expect(noResponsible.status).toBe(400);
    const review = await deptHead.submit(`/tasks/${taskId}`, `/tasks/${taskId}/delegate`, {
      ...choice,
      responsible: 'executor',
    });
    expect(review.status).toBe(200);
    const summary = flat(await review.text());
    expect(summary).toContain('Check before sending');
    expect(summary).toContain('Pēteris Liepa — <strong>Responsible</strong>');
    expect(summary).toContain('Rūdolfs Kalns');
    const sent = await deptHead.submit(`/tasks/${taskId}`, `/tasks/${taskId}/delegate`, {
      ...choice,
      responsible: 'executor',
      confirm: '1',
    });
    expect(sent.status).toBe(303);

    // then both have a task: the responsible one the department's, the other a co-execution
    expect(taskLinks(await executor.page('/?scope=mine'))).toContain(taskId);
    const documentId = cardPath.split('/').pop() ?? '';
    const instances = await server.store.processInstances.list({ businessKey: documentId, limit: 10 });
    const coExecution = instances.items.find((i) => i.processKey === 'order-co-execution');
    const coTasks = await server.store.tasks.listByInstance(coExecution?.id ?? '', { status: 'open' });
    expect(coTasks.map((t) => t.assignee)).toEqual(['executor2']);
  });

  it('keeps a saved draft without a number until the head issues it from the task', async () => {
    const form = await head.page('/documents/orders/new');
    const saved = await head.submit('/documents/orders/new', '/documents/orders/new', {
      registerId: optionValue(form, 'RIK'),
      subject: 'Par inventarizāciju',
      text: 'Veikt inventarizāciju.',
      departments: ['BUV'],
      controller: 'head',
      deadline: inDays(12),
      action: 'draft',
    });
    expect(saved.status).toBe(303);
    const cardPath = saved.headers.get('location') ?? '';
    expect(await head.page(cardPath)).not.toMatch(/ADM\/1-10-1\/\d\d\/2\b/);

    // The issuing task opens with the draft's order; submitting it issues the order.
    const issueTask = taskLinks(await head.page(cardPath))[0] ?? '';
    const taskPage = await head.page(`/tasks/${issueTask}`);
    expect(taskPage).toContain('Veikt inventarizāciju.');
    const given = await head.submit(`/tasks/${issueTask}`, `/tasks/${issueTask}`, {
      departments: ['BUV'],
      controller: 'head',
      deadline: inDays(12),
      text: 'Veikt inventarizāciju.',
    });
    expect(given.status).toBe(303);
    expect(await head.page(cardPath)).toMatch(/ADM\/1-10-1\/\d\d\/2\b/);
  });
});
