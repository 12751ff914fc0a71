/**
 * The archive's life cycle over the JSON API (issue 19), as a records system would drive it: the
 * appraisal list per department, legal holds, an appraisal act prepared and approved through the
 * tasks API, its disposal status, the disposal and the transfer package — with the pages' rules
 * (the registry keeps the archive, heads and auditors read it, a committee member sees their act)
 * and every refusal a readable 400, 403, 404 or 409 that changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CaseFile } from '../../engine/store/recordPorts.js';
import { uniqueCode } from '../support/builders.js';
import { unzipStored } from '../archive/archiveWorld.js';
import { type ApiWorld, body, type Person, startApiWorld } from './apiWorld.js';

interface Row {
  id: string;
  retentionEndsOn: string | null;
  dueOn: string | null;
  offered: boolean;
  hold: { reason: string } | null;
  outcome: string | null;
}
interface List {
  departmentId: string | null;
  due: Row[];
  held: Row[];
  holds: Row[];
}
interface Act {
  id: string;
  number: string;
  status: string;
  version: number;
  caseFiles?: { id: string }[];
}
interface Status {
  status: string;
  pending: string[];
  items: { caseFileId: string; outcome: string | null; underHold: boolean }[];
}
interface ErrorAnswer {
  message: string;
  problems?: { field?: string; message: string }[];
}

const ids = (rows: Row[]) => rows.map((row) => row.id);

describe('the archive over the API', () => {
  let world: ApiWorld;
  let departmentId: string;

  beforeAll(async () => {
    world = await startApiWorld();
    departmentId = world.users.registrar.departmentId ?? '';
  });
  afterAll(async () => {
    await world.close();
  });

  /** A case file of `year` kept five years: of 2015, its retention ended on 1 January 2021. */
  const caseFile = (year: number, title: string): Promise<CaseFile> =>
    world.store.caseFiles.insert({
      indexCode: uniqueCode('9-'),
      title,
      departmentId,
      retention: 'short',
      retentionYears: 5,
      year,
    });

  /** Completes the open task of the act's process that `person` may take, claiming it first. */
  async function completeActTask(person: Person, actId: string, data: Record<string, string>) {
    const api = await world.as(person);
    const tasks = await body<{ id: string; businessKey: string | null; assignee: string | null }[]>(
      await api.get('/api/tasks?scope=all'),
    );
    const task = tasks.find((one) => one.businessKey === actId);
    if (!task) throw new Error(`no task of act ${actId} for ${person}`);
    if (task.assignee === null) expect((await api.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const done = await api.post(`/api/tasks/${task.id}/complete`, { data });
    expect(done.status).toBe(200);
  }

  it('lists the case files whose retention ended, per department, to the archive’s readers only', async () => {
    const ended = await caseFile(2015, 'Sarakste 2015');
    const current = await caseFile(new Date().getFullYear(), 'Sarakste šogad');
    const registrar = await world.as('registrar');

    const listed = await registrar.get(`/api/archive/appraisal?departmentId=${departmentId}`);

    expect(listed.status).toBe(200);
    const list = await body<List>(listed);
    expect(list.departmentId).toBe(departmentId);
    expect(list.due.find((row) => row.id === ended.id)).toMatchObject({
      retentionEndsOn: '2021-01-01',
      dueOn: '2021-01-01',
      offered: true,
      hold: null,
      outcome: null,
    });
    expect(ids(list.due)).not.toContain(current.id);
    for (const reader of ['head', 'auditor'] as const) {
      expect((await (await world.as(reader)).get('/api/archive/appraisal')).status).toBe(200);
    }
    const refused = await (await world.as('executor')).get('/api/archive/appraisal');
    expect(refused.status).toBe(403);
    expect((await body<ErrorAnswer>(refused)).message).toMatch(/archive/);
    expect((await registrar.get('/api/archive/appraisal?departmentId=KANC')).status).toBe(400);
    expect((await registrar.get(`/api/archive/case-files/${ended.id}`)).status).toBe(200);
    expect((await registrar.get('/api/archive/case-files/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
  });

  it('sets and lifts a legal hold, with a reason, by the registry only', async () => {
    const held = await caseFile(2014, 'Tiesvedība');
    const registrar = await world.as('registrar');
    const path = `/api/archive/case-files/${held.id}/legal-hold`;

    expect((await (await world.as('head')).post(path, { reason: 'Tiesas lieta' })).status).toBe(403);
    const noReason = await registrar.post(path, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect((await body<ErrorAnswer>(noReason)).problems).toEqual([
      expect.objectContaining({ field: 'reason' }),
    ]);
    expect(
      (
        await registrar.post('/api/archive/case-files/00000000-0000-4000-8000-000000000000/legal-hold', {
          reason: 'Tiesas lieta',
        })
      ).status,
    ).toBe(404);

    const set = await registrar.post(path, { reason: 'Tiesas lieta' });

    expect(set.status).toBe(200);
    expect(await body<Row>(set)).toMatchObject({
      id: held.id,
      offered: false,
      hold: { reason: 'Tiesas lieta' },
    });
    const list = await body<List>(await registrar.get('/api/archive/appraisal'));
    expect(ids(list.held)).toContain(held.id);
    expect(ids(list.due)).not.toContain(held.id);

    const lifted = await registrar.post(`${path}/lift`, { reason: 'Lieta izbeigta' });
    expect(lifted.status).toBe(200);
    expect(await body<Row>(lifted)).toMatchObject({ hold: null, offered: true });
    const again = await registrar.post(`${path}/lift`, { reason: 'Lieta izbeigta' });
    expect(again.status).toBe(409);
    expect((await body<ErrorAnswer>(again)).message).toBe('The case file is not under a legal hold.');
  });

  it('prepares an act, approves it through tasks, carries it out and hands out its transfer package', async () => {
    const toDestroy = await caseFile(2013, 'Sarakste par apgaismojumu');
    const toTransfer = await caseFile(2013, 'Domes lēmumi');
    const registrar = await world.as('registrar');
    const committee = ['registrar', 'depthead', 'executor'];
    const items = [
      { caseFileId: toDestroy.id, decision: 'destroy', reason: 'Nav vēsturiskas vērtības' },
      { caseFileId: toTransfer.id, decision: 'transfer', reason: 'Pastāvīgi glabājams' },
    ];

    const refused = await registrar.post('/api/archive/acts', {
      committee: committee.slice(0, 2),
      items: [],
    });
    expect(refused.status).toBe(400);
    expect((await body<ErrorAnswer>(refused)).problems?.map((problem) => problem.field)).toEqual(
      expect.arrayContaining(['committee', 'items']),
    );
    expect((await (await world.as('head')).post('/api/archive/acts', { committee, items })).status).toBe(403);

    const prepared = await registrar.post('/api/archive/acts', { departmentId, committee, items });

    expect(prepared.status).toBe(201);
    const act = await body<Act>(prepared);
    expect(act).toMatchObject({ status: 'in_approval' });
    expect(act.number).toMatch(/^AA-\d{4}-\d+$/);
    expect(ids((await body<List>(await registrar.get('/api/archive/appraisal'))).due)).not.toContain(
      toDestroy.id,
    );
    expect(
      (await body<Act[]>(await (await world.as('auditor')).get('/api/archive/acts'))).map((a) => a.id),
    ).toContain(act.id);
    const member = await (await world.as('executor')).get(`/api/archive/acts/${act.id}`);
    expect(member.status).toBe(200);
    expect((await body<Act>(member)).caseFiles?.map((file) => file.id).sort()).toEqual(
      [toDestroy.id, toTransfer.id].sort(),
    );
    expect((await (await world.as('outsider')).get(`/api/archive/acts/${act.id}`)).status).toBe(404);
    expect((await body<Status>(await registrar.get(`/api/archive/acts/${act.id}/disposal`))).pending).toEqual(
      [],
    );
    expect((await registrar.post(`/api/archive/acts/${act.id}/disposal`, {})).status).toBe(409);

    for (const person of committee) await completeActTask(person as Person, act.id, { decision: 'agree' });
    await completeActTask('head', act.id, { signature: 'sign_act' });

    const approved = await body<Status>(await registrar.get(`/api/archive/acts/${act.id}/disposal`));
    expect(approved).toMatchObject({ status: 'approved', pending: ['disposal', 'transfer'] });

    // A hold set after the approval stops the disposal.
    const hold = `/api/archive/case-files/${toDestroy.id}/legal-hold`;
    expect((await registrar.post(hold, { reason: 'Sūdzība' })).status).toBe(200);
    const stopped = await registrar.post(`/api/archive/acts/${act.id}/disposal`, {});
    expect(stopped.status).toBe(409);
    expect((await body<ErrorAnswer>(stopped)).message).toMatch(/legal hold/);
    expect((await registrar.post(`${hold}/lift`, { reason: 'Sūdzība noraidīta' })).status).toBe(200);

    const current = await body<Act>(await registrar.get(`/api/archive/acts/${act.id}`));
    expect(
      (await registrar.post(`/api/archive/acts/${act.id}/disposal`, { expectedVersion: current.version - 1 }))
        .status,
    ).toBe(409);
    expect((await (await world.as('head')).post(`/api/archive/acts/${act.id}/disposal`, {})).status).toBe(
      403,
    );
    const disposed = await registrar.post(`/api/archive/acts/${act.id}/disposal`, {
      expectedVersion: current.version,
    });
    expect(disposed.status).toBe(200);
    expect(await body<{ destroyedDocuments: number; act: Act }>(disposed)).toMatchObject({
      destroyedDocuments: 0,
      act: { id: act.id, status: 'approved' },
    });

    expect(
      (await (await world.as('auditor')).post(`/api/archive/acts/${act.id}/transfer-package`)).status,
    ).toBe(403);
    const download = await registrar.post(`/api/archive/acts/${act.id}/transfer-package`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('x-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
    const entries = unzipStored(Buffer.from(await download.arrayBuffer()));
    expect([...entries.keys()]).toContain(`${act.number}/SHA256SUMS`);

    const done = await body<Status>(await registrar.get(`/api/archive/acts/${act.id}/disposal`));
    expect(done).toMatchObject({ status: 'executed', pending: [] });
    expect(done.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ caseFileId: toDestroy.id, outcome: 'destroyed', underHold: false }),
        expect.objectContaining({ caseFileId: toTransfer.id, outcome: 'transferred' }),
      ]),
    );
  });
});
