import { beforeAll, expect, it } from '@jest/globals';
import { viewerOf } from '../../../engine/policies/document.js';
import type { JournalCursor, JournalQuery } from '../../../engine/store/reportPorts.js';
import { aReportWorld, type ReportWorld } from '../../printing/reportWorld.js';
import { describeEachPort } from '../../support/testStores.js';

const TZ = 'Europe/Riga';

describeEachPort('report queries', (subject) => {
  let world: ReportWorld;
  beforeAll(async () => {
    world = await aReportWorld(subject.store);
  });

  const journal = (person: keyof ReportWorld['people']): JournalQuery => ({
    registerId: world.register.id,
    from: '2026-03-01',
    to: '2026-03-31',
    viewer: viewerOf(world.actor(person)),
    timeZone: TZ,
  });

  it('reads a journal in registration order, page by page, with resolution, executors and execution', async () => {
    // given the registrar, who registered every letter, and pages of two rows
    const query = journal('registrar');
    // when
    const pages = [];
    let after: JournalCursor | null = null;
    do {
      const page = await subject.store.reports.journalPage(query, after, 2);
      pages.push(page.rows);
      after = page.next;
    } while (after !== null);
    // then
    const rows = pages.flat();
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(await subject.store.reports.countJournal(query)).toBe(5);
    expect(rows.map((row) => row.registrationNumber)).toEqual([
      '3-12/2026/1',
      '3-12/2026/2',
      '3-12/2026/3',
      '3-12/2026/4',
      '3-12/2026/5',
    ]);
    expect(rows[0]).toEqual({
      registrationNumber: '3-12/2026/1',
      registeredOn: '2026-03-02',
      correspondent: 'SIA "Ķekavas nami"',
      theirNumber: null,
      theirDate: null,
      subject: 'Par ūdensvada remontu Rīgas ielā 12, Ķekavā',
      resolution: 'Izskatīt un sagatavot atbildi',
      executors: ['Jānis Ozoliņš'],
      dueDate: '2026-03-20',
      executedOn: '2026-03-18',
      caseFile: null,
    });
    expect(rows[2]).toMatchObject({ correspondent: 'Ёлкина Өмір Қасымқызы', executors: ['Қайрат Өмірұлы'] });
    expect(rows[3]?.executedOn).toBeNull();
  });

  it('leaves restricted letters out of the journal of anyone not named on them', async () => {
    // when
    const head = await subject.store.reports.journalPage(journal('head'), null, 100);
    const kazakh = await subject.store.reports.journalPage(journal('kazakh'), null, 100);
    const executor = await subject.store.reports.journalPage(journal('executor'), null, 100);
    // then
    expect(head.rows.map((row) => row.subject)).not.toContain('Slepena sūdzība par kaimiņu');
    expect(head.rows).toHaveLength(4);
    expect(kazakh.rows.map((row) => row.registrationNumber)).toEqual(['3-12/2026/3']);
    expect(executor.rows.map((row) => row.subject)).toContain('Slepena sūdzība par kaimiņu');
    expect(await subject.store.reports.countJournal(journal('outsider'))).toBe(0);
  });

  it('gives a deputy the lines of what is routed or granted to the person they stand in for', async () => {
    // given someone of another department, standing in for the executor named on the restricted letter
    const deputy = viewerOf({ ...world.actor('outsider'), actingFor: [world.actor('executor')] });
    const asDeputy = { ...journal('outsider'), viewer: deputy };
    // when
    const lines = await subject.store.reports.journalPage(asDeputy, null, 100);
    const statistics = await subject.store.reports.statistics({
      from: '2026-03-01',
      to: '2026-03-31',
      viewer: deputy,
      timeZone: TZ,
    });
    // then
    expect(lines.rows.map((row) => row.subject)).toContain('Slepena sūdzība par kaimiņu');
    expect(await subject.store.reports.countJournal(asDeputy)).toBe(lines.rows.length);
    expect(statistics.reduce((sum, row) => sum + row.received, 0)).toBe(lines.rows.length);
    // and alone, without the stand-in, nothing
    expect(await subject.store.reports.countJournal(journal('outsider'))).toBe(0);
  });

  it('lists the tasks open as of a date by department and executor, for every or one department', async () => {
    // given
    const head = viewerOf(world.actor('head'));
    // when
    const all = await subject.store.reports.controlPage(
      { asOf: '2026-03-15', viewer: head, departmentId: null, timeZone: TZ },
      null,
      100,
    );
    const building = await subject.store.reports.controlPage(
      { asOf: '2026-03-15', viewer: head, departmentId: world.departments.building, timeZone: TZ },
      null,
      100,
    );
    const later = await subject.store.reports.controlPage(
      { asOf: '2026-03-20', viewer: head, departmentId: null, timeZone: TZ },
      null,
      100,
    );
    // then
    expect(all.rows.map((row) => row.registrationNumber).sort()).toEqual([
      '3-12/2026/1',
      '3-12/2026/2',
      '3-12/2026/3',
      '3-12/2026/4',
      '3-12/2026/6',
    ]);
    expect(all.rows.map((row) => row.department)).toEqual([...all.rows.map((row) => row.department)].sort());
    expect(all.rows.find((row) => row.registrationNumber === '3-12/2026/3')).toEqual({
      department: world.socialName,
      executor: 'Қайрат Өмірұлы',
      registrationNumber: '3-12/2026/3',
      subject: 'Заявление о пособии: ёлка, қала, өмір',
      task: 'Izpilde',
      assignedOn: '2026-03-05',
      dueDate: '2026-03-25',
    });
    expect(building.rows.every((row) => row.department === world.buildingName)).toBe(true);
    expect(building.rows).toHaveLength(4);
    expect(later.rows.map((row) => row.registrationNumber).sort()).toEqual([
      '3-12/2026/3',
      '3-12/2026/4',
      '3-12/2026/6',
    ]);
  });

  it('pages the control report', async () => {
    const query = {
      asOf: '2026-03-15',
      viewer: viewerOf(world.actor('head')),
      departmentId: null,
      timeZone: TZ,
    };
    const first = await subject.store.reports.controlPage(query, null, 3);
    const second = await subject.store.reports.controlPage(query, first.next, 3);
    expect(first.rows).toHaveLength(3);
    expect(second.rows).toHaveLength(2);
    expect(second.next).toBeNull();
  });

  it('counts per department received, on time, late, open and the average days to execution', async () => {
    // when
    const rows = await subject.store.reports.statistics({
      from: '2026-03-01',
      to: '2026-03-31',
      viewer: viewerOf(world.actor('head')),
      timeZone: TZ,
    });
    // then
    expect(rows.find((row) => row.department === world.buildingName)).toEqual({
      department: world.buildingName,
      received: 3,
      completedOnTime: 1,
      completedLate: 1,
      open: 1,
      averageProcessingDays: 14.5,
    });
    expect(rows.find((row) => row.department === world.socialName)).toMatchObject({
      received: 1,
      open: 1,
      averageProcessingDays: null,
    });
  });

  it("reads a document's resolution and tasks, and an order's text and who gave it", async () => {
    // when
    const water = await subject.store.reports.documentRouting(world.documents[0]!.id, TZ);
    const order = await subject.store.reports.documentRouting(world.order.id, TZ);
    // then
    expect(water.resolution).toEqual({
      text: 'Izskatīt un sagatavot atbildi',
      author: 'Mārtiņš Liepa',
      givenOn: '2026-03-02',
    });
    expect(water.tasks.map((task) => [task.description, task.executor, task.completedOn])).toEqual([
      ['Rezolūcija', 'head', '2026-03-02'],
      ['Izpilde', 'Jānis Ozoliņš', '2026-03-18'],
    ]);
    expect(water.order).toBeNull();
    expect(water.executedOn).toBe('2026-03-18');
    expect(order.resolution).toBeNull();
    expect(order.order).toEqual({
      text: 'Izveidot darba grupu.\nDarba grupai līdz 30. aprīlim iesniegt priekšlikumus.',
      givenBy: 'Mārtiņš Liepa',
    });
  });
});
