/**
 * Priority over the JSON API: a document registered urgent, filtered and sorted in the search,
 * changed by a head (not by an executor or auditor, not to a value nobody knows), and the head's
 * tasks on it marked `urgent` and listed first on asking. A search by words counts its matches up
 * to a cap and says so.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEARCH_COUNT_CAP } from '../../engine/records/documents.js';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface DocumentPage {
  items: { id: string; priority: string }[];
  total: number;
  totalIsCapped: boolean;
}

describe('priority over the JSON API', () => {
  let world: ApiWorld;
  let registrar: ApiClient;
  let head: ApiClient;
  let urgentId: string;
  let plainId: string;

  beforeAll(async () => {
    world = await startApiWorld();
    registrar = await world.as('registrar');
    head = await world.as('head');
    const register = async (subject: string, priority?: string) =>
      body<{ id: string }>(
        await registrar.post('/api/documents', {
          register: 'IEN',
          subject,
          ...(priority ? { priority } : {}),
        }),
      );
    plainId = (await register('Par ceļa remontu')).id;
    urgentId = (await register('Plūdi pagrabā', 'urgent')).id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('registers an urgent document and finds it by priority, urgent first on asking', async () => {
    const only = await body<DocumentPage>(await registrar.get('/api/documents?priority=urgent'));
    const sorted = await body<DocumentPage>(await registrar.get('/api/documents?sort=priority'));
    const refused = await registrar.post('/api/documents', {
      register: 'IEN',
      subject: 'x',
      priority: 'asap',
    });

    expect(only.items.map((d) => d.id)).toEqual([urgentId]);
    expect(only.totalIsCapped).toBe(false);
    expect(sorted.items[0]).toMatchObject({ id: urgentId, priority: 'urgent' });
    expect(refused.status).toBe(400);
    expect((await refused.json()) as unknown).toMatchObject({ problems: [{ field: 'priority' }] });
  });

  it("lets a head change it, and marks the head's task on it", async () => {
    const tasks = await body<{ businessKey: string; urgent: boolean }[]>(
      await head.get('/api/tasks?sort=priority'),
    );
    expect(tasks[0]).toMatchObject({ businessKey: urgentId, urgent: true });
    expect(tasks.find((t) => t.businessKey === plainId)?.urgent).toBe(false);

    const changed = await head.post(`/api/documents/${plainId}/priority`, { priority: 'urgent' });

    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id: plainId, priority: 'urgent' });
  });

  it('refuses executors, auditors, unknown values and stale versions', async () => {
    const auditor = await world.as('auditor');
    const executor = await world.as('executor');
    const card = await body<{ document: { version: number } }>(await head.get(`/api/documents/${urgentId}`));

    expect((await auditor.post(`/api/documents/${urgentId}/priority`, { priority: 'normal' })).status).toBe(
      403,
    );
    expect((await executor.post(`/api/documents/${urgentId}/priority`, { priority: 'normal' })).status).toBe(
      404,
    );
    expect((await head.post(`/api/documents/${urgentId}/priority`, { priority: 'high' })).status).toBe(400);
    expect(
      (
        await head.post(`/api/documents/${urgentId}/priority`, {
          priority: 'normal',
          expectedVersion: card.document.version + 3,
        })
      ).status,
    ).toBe(409);
    const still = await body<{ document: { priority: string } }>(
      await head.get(`/api/documents/${urgentId}`),
    );
    expect(still.document.priority).toBe('urgent');
  });

  it('counts a search by words up to the cap, and says when it stopped', async () => {
    const many = SEARCH_COUNT_CAP + 5;
    await world.db.exec(`
      INSERT INTO documents (id, register_id, year, sequence, registration_number, registered_on, subject, status,
                             confidentiality, document_kind, search_text)
      SELECT gen_random_uuid(), '${world.outgoing.id}', 2026, n, 'X-' || n, date '2026-01-01', 'kanalizācija ' || n,
             'registered', 'internal', 'letter', 'kanalizacija ' || n
        FROM generate_series(1, ${many}) AS n`);

    const first = await head.get('/api/documents?q=kanaliz&pageSize=10');
    const found = await body<DocumentPage>(first);
    const exact = await body<DocumentPage>(await head.get(`/api/documents?q=kanaliz%20${SEARCH_COUNT_CAP}`));
    // A page past the cap counts to its end: there the count is exact again.
    const far = await body<DocumentPage>(await head.get('/api/documents?q=kanaliz&pageSize=100&page=3'));
    const beyond = await body<DocumentPage>(await head.get('/api/documents?q=kanaliz&pageSize=100&page=2'));

    expect(found).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsCapped: true });
    expect(first.headers.get('x-total-count')).toBe(String(SEARCH_COUNT_CAP));
    expect(first.headers.get('x-total-is-capped')).toBe('true');
    expect(found.items).toHaveLength(10);
    expect(exact.totalIsCapped).toBe(false);
    expect(exact.total).toBeGreaterThan(0);
    expect(far).toMatchObject({ total: many, totalIsCapped: false });
    expect(far.items).toHaveLength(many - 200);
    expect(beyond).toMatchObject({ total: SEARCH_COUNT_CAP, totalIsCapped: true });
  });
});
