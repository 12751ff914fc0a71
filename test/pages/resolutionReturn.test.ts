/**
 * The mayor's resolution as the mayor meets it: "responsible" left empty is refused with the field
 * named and nothing changed; the controller is the mayor, preselected where it can be seen; a
 * resolution the executor returned opens filled in as it was, with the return's reason above the
 * form; the executor's task shows the resolution's text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { findTaskIn, flat, inDays, logIn, optionValue, type PageClient } from './pageClient.js';

jest.setTimeout(180_000);

describe('the resolution, refused, returned and reopened', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let executor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-resolution-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head, executor] = await Promise.all([
      logIn(server, 'registrar'),
      logIn(server, 'head'),
      logIn(server, 'executor'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a resolution without a responsible executor, and reopens a returned one filled in', async () => {
    // given: a registered letter
    const newForm = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(newForm, 'IEN'),
      subject: 'Par soliņiem skvērā',
      correspondentName: 'Ilze Ozola',
      correspondentKind: 'person',
      channel: 'post',
      confidentiality: 'internal',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    const resolutionId = (await findTaskIn(head, 'Rezolūcija')) ?? '';
    const form = await head.page(`/tasks/${resolutionId}`);
    // the controller is the mayor, preselected visibly
    expect(flat(form)).toMatch(/name='controller'[^>]*>.*<option value='head' selected>/);

    // when: "responsible" is left empty
    const deadline = inDays(12);
    const refused = await head.submit(`/tasks/${resolutionId}`, `/tasks/${resolutionId}`, {
      decision: 'execute',
      executors: ['executor', 'depthead'],
      responsible: '',
      controller: 'head',
      deadline,
      text: 'Uzstādīt divus soliņus.',
    });

    // then: 400, the field is named, and nothing changed
    expect(refused.status).toBe(400);
    const page = flat(await refused.text());
    expect(page).toMatch(/id='[^']*responsible[^']*'[^>]*>.*?<p class='field-error'[^>]*>/);
    expect(await findTaskIn(head, 'Rezolūcija')).toBe(resolutionId);
    expect(await findTaskIn(executor, 'Izpilde')).toBeUndefined();

    // when: resolved properly, and the executor returns it with a reason
    const resolved = await head.submit(`/tasks/${resolutionId}`, `/tasks/${resolutionId}`, {
      decision: 'execute',
      executors: ['executor', 'depthead'],
      responsible: 'depthead',
      controller: 'head',
      deadline,
      text: 'Uzstādīt divus soliņus.',
    });
    expect(resolved.status).toBe(303);
    const executionId = (await findTaskIn(executor, 'Izpilde')) ?? '';
    // the executor's task shows the resolution it carries out
    expect(await executor.page(`/tasks/${executionId}`)).toContain('Uzstādīt divus soliņus.');
    const returned = await executor.submit(`/tasks/${executionId}`, `/tasks/${executionId}`, {
      outcome: 'returned',
      comment: 'Soliņi ir Labiekārtošanas nodaļas pārziņā.',
    });
    expect(returned.status).toBe(303);

    // then: the mayor's new resolution opens as it was, with the reason above the form
    const againId = (await findTaskIn(head, 'Rezolūcija')) ?? '';
    expect(againId).not.toBe(resolutionId);
    const again = flat(await head.page(`/tasks/${againId}`));
    expect(again).toContain('Returned by Pēteris Liepa');
    expect(again).toContain('Soliņi ir Labiekārtošanas nodaļas pārziņā.');
    expect(again.indexOf('Soliņi ir Labiekārtošanas')).toBeLessThan(again.indexOf("name='decision'"));
    expect(again).toMatch(/<textarea id='[^']*' name='text'[^>]*>Uzstādīt divus soliņus\.<\/textarea>/);
    expect(again).toMatch(/value='execute' checked/);
    expect(again).toMatch(/name='responsible'[^>]*>.*<option value='depthead' selected>/);
    expect(again).toMatch(/name='controller'[^>]*>.*<option value='head' selected>/);
    expect(again).toContain(`value='${deadline}'`);
    expect(again).toMatch(/value='executor'[^>]*checked|value='executor' selected/);
  });
});
