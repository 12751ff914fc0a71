/**
 * The administration forms (API tokens, case files, unreachable tasks) and the search forms of the
 * audit trail and the document register, refused, as a screen reader meets them (issue 15): each
 * field with a problem is `aria-invalid` and described by its message, the notice above the form
 * links to the first such field, and the focus script comes along.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { flat, logIn, optionValue, type PageClient, taskLinks } from './pageClient.js';

jest.setTimeout(180_000);

/** The opening tag of the field with `id`. */
function attributesOf(html: string, id: string): string {
  const match = new RegExp(`<(?:input|select|textarea)\\b[^>]*\\bid='${id}'[^>]*>`).exec(html);
  expect(match).not.toBeNull();
  return match?.[0] ?? '';
}

/** The text of the message with `id`. */
function textOf(html: string, id: string): string {
  const match = new RegExp(`<p [^>]*\\bid='${id}'[^>]*>([^<]*)</p>`).exec(html);
  expect(match).not.toBeNull();
  return match?.[1] ?? '';
}

const describedBy = (attributes: string): string[] =>
  (/aria-describedby='([^']*)'/.exec(attributes)?.[1] ?? '').split(' ').filter(Boolean);

/** The field `id` is invalid, described by exactly its message `message`, and the notice links to `first`. */
function expectMarked(html: string, id: string, message: string | RegExp, first = id): void {
  const field = attributesOf(html, id);
  expect(field).toContain("aria-invalid='true'");
  expect(describedBy(field)).toEqual([`${id}-error`]);
  expect(textOf(html, `${id}-error`)).toMatch(message);
  expect(html).toMatch(new RegExp(`<p class='notice error' role='alert'>[^<]*<a href='#${first}'>`));
  expect(html).toContain("<script src='/static/focusProblem.js' defer></script>");
}

describe('refused administration and search forms, tied to their fields', () => {
  let dataDir: string;
  let server: RunningServer;
  let admin: PageClient;
  let auditor: PageClient;
  let registrar: PageClient;
  let head: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-admin-a11y-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [admin, auditor, registrar, head] = await Promise.all([
      logIn(server, 'admin'),
      logIn(server, 'auditor'),
      logIn(server, 'registrar'),
      logIn(server, 'head'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('marks a refused API token’s fields', async () => {
    // given
    expect(await admin.page('/admin/tokens')).not.toContain('aria-invalid');

    // when: no name, a user that does not exist
    const refused = await admin.submit('/admin/tokens', '/admin/tokens', { name: ' ', username: 'ghost' });
    const html = flat(await refused.text());

    // then
    expect(refused.status).toBe(400);
    expectMarked(html, 'name', /\S/);
    expect(attributesOf(html, 'username')).not.toContain('aria-invalid');
  });

  it('marks a refused new case file’s fields, and a refused rename in its row', async () => {
    // when: no index code, a short-term file kept 50 years
    const year = String(new Date().getFullYear());
    const refused = await admin.submit('/admin/case-files', '/admin/case-files', {
      indexCode: '',
      title: 'Sūdzības',
      departmentId: '',
      retention: 'short',
      retentionYears: '50',
      year,
    });
    const html = flat(await refused.text());

    // then
    expect(refused.status).toBe(400);
    expectMarked(html, 'indexCode', /\S/);
    const years = attributesOf(html, 'retentionYears');
    expect(years).toContain("aria-invalid='true'");
    expect(textOf(html, describedBy(years)[0] ?? '')).toMatch(/\S/);
    expect(attributesOf(html, 'title')).not.toContain('aria-invalid');

    // when: a case file is made, then renamed to nothing
    const made = await admin.submit('/admin/case-files', '/admin/case-files', {
      indexCode: '9-99',
      title: 'Pieejamības lieta',
      departmentId: '',
      retention: 'permanent',
      retentionYears: '',
      year,
    });
    expect(made.status).toBe(303);
    const list = await admin.page(`/admin/case-files?year=${year}`);
    const rowId = new RegExp(`<strong>9-99</strong>(?:(?!</tr>)[\\s\\S])*?id='title-([0-9a-f-]{36})'`).exec(
      list,
    )?.[1];
    expect(rowId).toBeDefined();
    const rename = await admin.submit('/admin/case-files', `/admin/case-files/${rowId}`, {
      title: ' ',
      departmentId: '',
    });
    const renamed = flat(await rename.text());

    // then: the row's own field carries the problem
    expect(rename.status).toBe(400);
    expectMarked(renamed, `title-${rowId}`, /\S/);
    expect(attributesOf(renamed, 'title')).not.toContain('aria-invalid');
  });

  it('marks the field of a refused reassignment in its task’s row', async () => {
    // given: a resolution task whose assignee has gone (no active user of that name)
    const before = new Set(taskLinks(await head.page('/')));
    const form = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IEN'),
      subject: 'Par pieejamību',
      correspondentName: 'Anna Kalniņa',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    const [taskId] = taskLinks(await head.page('/')).filter((id) => !before.has(id));
    const task = await server.store.tasks.get(taskId ?? '');
    expect(task).not.toBeNull();
    await server.store.tasks.setAssignee(taskId ?? '', task?.assignee ?? null, 'departed', new Date());
    const fieldId = `assignee-${taskId}`;
    expect(await admin.page('/admin/unreachable-tasks')).toContain(`id='${fieldId}'`);

    // when: handed to someone who does not exist
    const refused = await admin.submit(
      '/admin/unreachable-tasks',
      `/admin/unreachable-tasks/${taskId}/reassign`,
      { assignee: 'ghost' },
    );
    const html = flat(await refused.text());

    // then
    expect(refused.status).toBe(400);
    expectMarked(html, fieldId, /\S/);
  });

  it('marks the audit trail filter’s refused fields', async () => {
    // when
    const response = await auditor.fetch('/audit?objectId=not-an-id&from=2026-02-30');
    const html = flat(await response.text());

    // then: both fields, the notice links to the first in the form
    expect(response.status).toBe(200);
    expectMarked(html, 'objectId', /\S/, 'objectId');
    const from = attributesOf(html, 'from');
    expect(from).toContain("aria-invalid='true'");
    expect(describedBy(from)).toEqual(['from-error']);
    expect(textOf(html, 'from-error')).toMatch(/\S/);
    expect(attributesOf(html, 'user')).not.toContain('aria-invalid');
  });

  it('marks the document register filter’s refused fields', async () => {
    // when
    const response = await registrar.fetch('/documents?from=2026-02-30');
    const html = flat(await response.text());

    // then
    expect(response.status).toBe(200);
    expectMarked(html, 'from', /\S/);
    expect(attributesOf(html, 'to')).not.toContain('aria-invalid');
    expect(attributesOf(html, 'q')).not.toContain('aria-invalid');
  });
});
