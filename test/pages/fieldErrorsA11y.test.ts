/**
 * A refused form as a screen reader meets it: each field with a problem is `aria-invalid` and
 * described by its message (an element with the id `aria-describedby` names), the notice above
 * the form links to the first such field, and a script served from the site moves focus there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { findTaskIn, flat, inDays, logIn, optionValue, type PageClient } from './pageClient.js';

jest.setTimeout(180_000);

/** The attributes of the element with `id`, as written in the page. */
function attributesOf(html: string, id: string): string {
  const match = new RegExp(`<(?:input|select|textarea|fieldset)\\b[^>]*\\bid='${id}'[^>]*>`).exec(html);
  expect(match).not.toBeNull();
  return match?.[0] ?? '';
}

/** The text of the element with `id`. */
function textOf(html: string, id: string): string {
  const match = new RegExp(`<p [^>]*\\bid='${id}'[^>]*>([^<]*)</p>`).exec(html);
  expect(match).not.toBeNull();
  return match?.[1] ?? '';
}

const describedBy = (attributes: string): string[] =>
  (/aria-describedby='([^']*)'/.exec(attributes)?.[1] ?? '').split(' ').filter(Boolean);

describe('field problems tied to their fields', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-field-a11y-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head] = await Promise.all([logIn(server, 'registrar'), logIn(server, 'head')]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('marks a refused new document’s fields and names their messages', async () => {
    // given
    const form = await registrar.page('/documents/new');
    expect(form).not.toContain('aria-invalid');
    expect(form).not.toContain('focusProblem.js');

    // when: no subject, a negative page count
    const refused = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IEN'),
      subject: ' ',
      pages: '-3',
      action: 'register',
    });
    const html = await refused.text();

    // then: each field is invalid and described by its own message
    expect(refused.status).toBe(400);
    const subject = attributesOf(html, 'subject');
    expect(subject).toContain("aria-invalid='true'");
    expect(describedBy(subject)).toEqual(['subject-error']);
    expect(textOf(html, 'subject-error')).toBe('Required.');
    const pages = attributesOf(html, 'pages');
    expect(pages).toContain("aria-invalid='true'");
    expect(textOf(html, describedBy(pages)[0] ?? '')).toBe('must be a whole number, 0 or more');
    // a field without a problem is left alone; a hint stays named
    expect(attributesOf(html, 'theirNumber')).not.toContain('aria-invalid');
    expect(describedBy(attributesOf(html, 'caseFileId'))).toEqual(['caseFileHint']);
    // the notice links to the first field with a problem, and the focus script comes along
    expect(html).toMatch(/<p class='notice error' role='alert'>[^<]*<a href='#subject'>/);
    expect(html).toContain("<script src='/static/focusProblem.js' defer></script>");
    expect((await registrar.fetch('/static/focusProblem.js')).status).toBe(200);
  });

  it('marks a refused resolution’s field and names its message', async () => {
    // given: a registered letter, whose resolution task the mayor opens
    const newForm = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(newForm, 'IEN'),
      subject: 'Par soliņiem parkā',
      correspondentName: 'Anna Kalniņa',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    const resolutionId = (await findTaskIn(head, 'Rezolūcija')) ?? '';

    // when: "responsible" is left empty
    const refused = await head.submit(`/tasks/${resolutionId}`, `/tasks/${resolutionId}`, {
      decision: 'execute',
      executors: ['executor'],
      responsible: '',
      controller: 'head',
      deadline: inDays(12),
      text: 'Uzstādīt soliņus.',
    });
    const html = flat(await refused.text());

    // then
    expect(refused.status).toBe(400);
    const id = /\bid='([^']*responsible[^']*)'/.exec(html)?.[1] ?? '';
    const field = attributesOf(html, id);
    expect(field).toContain("aria-invalid='true'");
    const [messageId] = describedBy(field);
    expect(messageId).toBe(`${id}-error`);
    expect(textOf(html, messageId ?? '').length).toBeGreaterThan(0);
    expect(html).toContain(`<a href='#${id}'>`);
  });
});
