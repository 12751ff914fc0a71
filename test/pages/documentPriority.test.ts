/**
 * Priority through the pages, as the registry and the mayor use it: a clerk ticks "Urgent" when
 * registering, the card and the register mark the document, the mayor's inbox shows the resolution
 * task marked and can list urgent work first, and the mayor marks the document normal again from
 * the card. An executor sees no such button; a priority nobody knows is refused with the field named.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { flat, logIn, optionValue, type PageClient } from './pageClient.js';

describe('priority on the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let executor: PageClient;
  let cardPath: string;
  const subject = 'Avārija ūdensvadā Skolas ielā';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-priority-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head, executor] = await Promise.all([
      logIn(server, 'registrar'),
      logIn(server, 'head'),
      logIn(server, 'executor'),
    ]);
    const form = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IEN'),
      subject,
      correspondentName: 'Ūdens SIA',
      correspondentKind: 'organisation',
      priority: 'urgent',
    });
    expect(registered.status).toBe(303);
    cardPath = registered.headers.get('location') ?? '';
    expect(cardPath).toMatch(/^\/documents\/[0-9a-f-]{36}$/);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const rowOf = (html: string, text: string) => html.split('<tr').find((row) => row.includes(text)) ?? '';

  it('marks the urgent document on its card and in the register, and filters by it', async () => {
    const card = flat(await registrar.page(cardPath));
    const register = await registrar.page('/documents?urgent=1');

    expect(card).toContain("<dt>Priority</dt> <dd><span class='badge urgent'>Urgent</span>");
    expect(card).toContain('Mark as normal');
    expect(rowOf(register, subject)).toContain("class='badge urgent'");
    expect(register).toContain("name='urgent' value='1' checked");
    expect(
      await registrar.page(`/documents?urgent=1&q=${encodeURIComponent('nekas tāds nav')}`),
    ).not.toContain(subject);
  });

  it("shows the mayor's resolution task marked, and urgent work first on asking", async () => {
    const inbox = await head.page('/');
    const byPriority = await head.page('/?sort=priority');

    expect(rowOf(inbox, subject)).toContain("class='badge urgent'");
    // The task page offers to answer the letter, as its card does.
    const taskId = /href='\/tasks\/([0-9a-f-]{36})'/.exec(rowOf(inbox, subject))?.[1] ?? '';
    expect(await head.page(`/tasks/${taskId}`)).toContain(
      `href='/documents/outgoing/new?replyTo=${cardPath.split('/').pop() ?? ''}'`,
    );
    const firstRow = byPriority.split('<tbody>')[1]?.split('<tr')[1] ?? '';
    expect(firstRow).toContain("class='badge urgent'");
    expect(inbox).toContain("aria-current='false'>Urgent first</a>");
    expect(byPriority).toContain("aria-current='true'>Urgent first</a>");
  });

  it('lets the mayor mark it normal again, in the card history, and refuses a priority nobody knows', async () => {
    const refused = await head.submit(cardPath, `${cardPath}/priority`, { priority: 'someday' });
    expect(refused.status).toBe(400);

    const changed = await head.submit(cardPath, `${cardPath}/priority`, { priority: 'normal' });

    expect(changed.status).toBe(303);
    const card = flat(await head.page(cardPath));
    expect(card).toContain('<dt>Priority</dt> <dd>Normal');
    expect(card).toContain("changed the priority <span class='muted'>→ Normal</span>");
    expect(card).toContain('Mark as urgent');
  });

  it('offers an executor no priority button', async () => {
    const response = await executor.fetch(cardPath);
    const html = await response.text();
    expect(html).not.toContain('/priority');
  });
});
