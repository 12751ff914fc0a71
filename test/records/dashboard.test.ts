/**
 * The dashboard's figures (issue 19) over known data, on every store, each checked against the
 * register list it links to. Period April 1 – May 15, 2026, today Friday May 15 in Riga; Latvian
 * holidays in it: Good Friday (Apr 3), Easter Monday (Apr 6), May 1 and May 4. One deadline was
 * extended (closed on time only thanks to it), one document was returned and executed again (its
 * newest process counts), one is restricted (the head does not see it), one is outside the period.
 */
import { randomUUID, createHash } from 'node:crypto';
import { beforeAll, expect, it } from '@jest/globals';
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import {
  ageBucketRanges,
  dashboard,
  dashboardCounts,
  dashboardOverduePeople,
  type Dashboard,
} from '../../engine/records/dashboard.js';
import { searchDocuments } from '../../engine/records/documents.js';
import { workingCalendar } from '../../engine/kernel/workingCalendar.js';
import { Forbidden } from '../../engine/errors.js';
import type { DocumentRecord, Repositories, User } from '../../engine/store/ports.js';
import type { DocumentSearch } from '../../engine/store/recordPorts.js';
import { uniqueCode } from '../support/builders.js';
import { testClock } from '../support/testClock.js';
import { describeEachStore } from '../support/testStores.js';

const at = (isoDate: string, time = '10:00'): Date => new Date(`${isoDate}T${time}:00.000Z`);
const PERIOD = { from: '2026-04-01', to: '2026-05-15' };
const TODAY = '2026-05-15';

interface World {
  people: Record<'head' | 'auditor' | 'socialHead' | 'executor' | 'kazakh' | 'registrar' | 'clerk', User>;
  departments: { building: string; registry: string; social: string };
  registers: { a: string; b: string };
  documents: Record<string, DocumentRecord>;
}

async function aDashboardWorld(repos: Repositories): Promise<World> {
  const suffix = randomUUID().slice(0, 6);
  const registry = await repos.departments.insert({ code: uniqueCode('KANC'), name: `Kanceleja ${suffix}` });
  const building = await repos.departments.insert({ code: uniqueCode('BUV'), name: `Būvvalde ${suffix}` });
  const social = await repos.departments.insert({ code: uniqueCode('SOC'), name: `Sociālais ${suffix}` });
  const person = (displayName: string, roles: User['roles'], departmentId: string) =>
    repos.users.insert({ username: uniqueCode('u'), displayName, roles, departmentId, source: 'local' });
  const people = {
    head: await person('Mērs', ['head'], registry.id),
    auditor: await person('Revidents', ['auditor'], registry.id),
    socialHead: await person('Sociālā vadītāja', ['dept_head'], social.id),
    executor: await person('Jānis Ozoliņš', ['executor'], building.id),
    kazakh: await person('Қайрат Өмірұлы', ['executor'], social.id),
    registrar: await person('Anna Bērziņa', ['registrar'], registry.id),
    clerk: await person('Lietvede', ['executor'], registry.id),
  };
  const registerA = await repos.registers.insert({
    code: uniqueCode('A'),
    name: 'Būvniecības iesniegumi',
    kind: 'incoming',
    numberPattern: 'A/{seq}',
    departmentId: building.id,
  });
  const registerB = await repos.registers.insert({
    code: uniqueCode('B'),
    name: 'Ienākošie',
    kind: 'incoming',
    numberPattern: 'B/{seq}',
    departmentId: registry.id,
  });
  const xml = `<definitions id="${randomUUID()}" />`;
  const definition = await repos.processDefinitions.insert({
    key: `dash-${suffix}`,
    name: null,
    hash: createHash('sha256').update(xml).digest('hex'),
    xml,
    deployedBy: null,
  });
  let sequence = 0;
  const documents: Record<string, DocumentRecord> = {};
  async function doc(
    name: string,
    props: {
      register: 'a' | 'b';
      registeredOn: string;
      due?: string;
      status?: string;
      restricted?: boolean;
      /** Processes: started and ended (null while running), newest last. */
      processes?: { started: string; ended: string | null }[];
      routedTo?: User[];
      routedToDepartment?: string;
    },
  ) {
    sequence += 1;
    const document = await repos.documents.insert({
      registerId: props.register === 'a' ? registerA.id : registerB.id,
      year: 2026,
      sequence,
      registrationNumber: `D/${suffix}/${sequence}`,
      registeredOn: props.registeredOn,
      subject: `Dokuments ${name}`,
      status: props.status ?? 'in_progress',
      confidentiality: props.restricted ? 'restricted' : 'public',
      dueDate: props.due ?? null,
      correspondentId: null,
      createdBy: people.registrar.id,
    });
    for (const process of props.processes ?? []) {
      await repos.processInstances.insert({
        id: randomUUID(),
        definitionId: definition.id,
        processKey: definition.key,
        definitionVersion: 1,
        businessKey: document.id,
        status: process.ended ? 'completed' : 'running',
        state: {},
        variables: {},
        startedBy: null,
        startedAt: at(process.started, '08:00'),
        endedAt: process.ended ? at(process.ended) : null,
      });
    }
    for (const user of props.routedTo ?? []) {
      await repos.documentAccess.grant({
        documentId: document.id,
        userId: user.id,
        departmentId: null,
        reason: 'routed',
        grantedBy: null,
      });
    }
    if (props.routedToDepartment) {
      await repos.documentAccess.grant({
        documentId: document.id,
        userId: null,
        departmentId: props.routedToDepartment,
        reason: 'routed',
        grantedBy: null,
      });
    }
    documents[name] = document;
    return document;
  }
  const closed = (registeredOn: string, ended: string) => ({
    status: 'closed',
    processes: [{ started: registeredOn, ended }],
  });
  // Closed over Easter: 3 working days, on time.
  await doc('d1', {
    register: 'a',
    registeredOn: '2026-04-01',
    due: '2026-04-10',
    ...closed('2026-04-01', '2026-04-08'),
  });
  // Closed late: 10 working days.
  await doc('d2', {
    register: 'a',
    registeredOn: '2026-04-02',
    due: '2026-04-15',
    ...closed('2026-04-02', '2026-04-20'),
  });
  // Extended from Apr 30 to May 8, closed May 6 over May 1 and 4: 5 working days, on time.
  const extended = await doc('d3', {
    register: 'a',
    registeredOn: '2026-04-27',
    due: '2026-04-30',
    ...closed('2026-04-27', '2026-05-06'),
  });
  documents.d3 = await repos.documents.extendDueDate(
    extended.id,
    extended.version,
    '2026-05-08',
    'Vajag atzinumu',
  );
  // Returned: executed Apr 10, reopened, executed again Apr 24: 13 working days, late.
  await doc('d4', {
    register: 'a',
    registeredOn: '2026-04-07',
    due: '2026-04-21',
    status: 'closed',
    processes: [
      { started: '2026-04-07', ended: '2026-04-10' },
      { started: '2026-04-14', ended: '2026-04-24' },
    ],
  });
  // Open and overdue, 25 working days old.
  await doc('d5', {
    register: 'a',
    registeredOn: '2026-04-08',
    due: '2026-04-22',
    routedTo: [people.executor],
  });
  // Open and overdue, registered on a holiday, 9 working days old, routed to the social department too.
  await doc('d6', {
    register: 'a',
    registeredOn: '2026-05-04',
    due: '2026-05-11',
    routedTo: [people.executor],
    routedToDepartment: social.id,
  });
  // Open, not due yet, 3 working days old.
  await doc('d7', {
    register: 'b',
    registeredOn: '2026-05-12',
    due: '2026-05-29',
    routedTo: [people.kazakh],
  });
  // For information: neither open nor closed.
  await doc('d8', { register: 'b', registeredOn: '2026-04-20', status: 'for_information' });
  // Open and overdue, 11 working days old.
  await doc('d9', {
    register: 'b',
    registeredOn: '2026-04-28',
    due: '2026-05-12',
    routedTo: [people.kazakh],
  });
  // Restricted: only the executor named on it sees it.
  await doc('d10', {
    register: 'a',
    registeredOn: '2026-04-15',
    due: '2026-04-20',
    restricted: true,
    routedTo: [people.executor],
  });
  // Before the period.
  await doc('d11', { register: 'a', registeredOn: '2026-03-20', ...closed('2026-03-20', '2026-03-25') });
  // Closed the day it came, without a due date: 0 working days, on time.
  await doc('d12', { register: 'a', registeredOn: '2026-05-11', ...closed('2026-05-11', '2026-05-11') });
  return {
    people,
    departments: { building: building.id, registry: registry.id, social: social.id },
    registers: { a: registerA.id, b: registerB.id },
    documents,
  };
}

describeEachStore('the dashboard figures', (subject) => {
  let world: World;
  const clock = testClock(at(TODAY, '10:00'));
  const ctxOf = (actor: Actor): UseCaseContext => ({ actor, store: subject.store, clock });
  const as = (person: keyof World['people']) => ctxOf(actorFromUser(world.people[person]));
  /** How many documents the register lists for these filters. */
  const listed = async (ctx: UseCaseContext, filter: DocumentSearch) =>
    (await searchDocuments(ctx, { ...PERIOD, ...filter, limit: 1 })).total;

  let head: Dashboard;
  beforeAll(async () => {
    world = await aDashboardWorld(subject.store);
    head = await dashboard(as('head'), PERIOD);
  });

  it('counts received, closed, on time, overdue and open as the register lists them', async () => {
    // then
    expect(head.totals).toMatchObject({ received: 10, closed: 5, closedOnTime: 3, overdue: 3, open: 4 });
    const ctx = as('head');
    expect(await listed(ctx, {})).toBe(head.totals.received);
    expect(await listed(ctx, { status: 'closed' })).toBe(head.totals.closed);
    expect(await listed(ctx, { overdueOn: TODAY })).toBe(head.totals.overdue);
    expect(await listed(ctx, { open: true })).toBe(head.totals.open);
  });

  it('measures processing in working days: Easter, May holidays, the extension and the return', () => {
    // then: [0, 3, 5, 10, 13]: the median 5, the 90th percentile 10 + 0.6 × 3
    expect(head.processing).toEqual({ closed: 5, median: 5, p90: 11.8 });
  });

  it('sorts open work by working days since registration, each bucket as listed by its dates', async () => {
    // then
    expect(head.age).toEqual({ upTo5: 1, upTo10: 1, upTo20: 1, over20: 1 });
    expect(head.ageRanges).toEqual({
      upTo5: { from: '2026-05-08', to: '2026-05-15' },
      upTo10: { from: '2026-04-29', to: '2026-05-07' },
      upTo20: { from: '2026-04-15', to: '2026-04-28' },
      over20: { from: '2026-04-01', to: '2026-04-14' },
    });
    const ctx = as('head');
    for (const [bucket, range] of Object.entries(head.ageRanges)) {
      expect([bucket, range && (await listed(ctx, { ...range, open: true }))]).toEqual([
        bucket,
        head.age[bucket as keyof Dashboard['age']],
      ]);
    }
  });

  it('gives the age ranges of a Monday after a holiday weekend', () => {
    // given Tuesday May 5, the day after the May 4 holiday
    const ranges = ageBucketRanges(
      { from: '2026-01-01', to: '2026-05-05', today: '2026-05-05' },
      workingCalendar('LV'),
    );
    // then a letter of Friday Apr 24 is 5 working days old (Apr 27–30 and May 5), one of Apr 23 is 6
    expect(ranges.upTo5).toEqual({ from: '2026-04-24', to: '2026-05-05' });
  });

  it('breaks the figures down per department and register, each as the register lists it', async () => {
    // then
    const ctx = as('head');
    const byRegister = Object.fromEntries(head.registers.map((row) => [row.id, row]));
    expect(byRegister[world.registers.a]).toMatchObject({
      received: 7,
      closed: 5,
      closedOnTime: 3,
      overdue: 2,
      open: 2,
    });
    expect(byRegister[world.registers.b]).toMatchObject({ received: 3, closed: 0, overdue: 1, open: 2 });
    const byDepartment = Object.fromEntries(head.departments.map((row) => [row.id, row]));
    expect(byDepartment[world.departments.building]?.received).toBe(7);
    expect(byDepartment[world.departments.registry]?.received).toBe(3);
    expect(byDepartment[world.departments.social]).toMatchObject({ received: 1, overdue: 1, open: 1 });
    for (const row of head.registers) {
      expect(await listed(ctx, { registerId: row.id })).toBe(row.received);
      expect(await listed(ctx, { registerId: row.id, overdueOn: TODAY })).toBe(row.overdue);
      expect(await listed(ctx, { registerId: row.id, status: 'closed' })).toBe(row.closed);
    }
    for (const row of head.departments) {
      expect(await listed(ctx, { departmentId: row.id })).toBe(row.received);
      expect(await listed(ctx, { departmentId: row.id, open: true })).toBe(row.open);
    }
  });

  it('counts per month of registration, every month of the period', async () => {
    // then
    expect(head.trend).toEqual([
      { month: '2026-04', received: 7, closed: 4, overdue: 2 },
      { month: '2026-05', received: 3, closed: 1, overdue: 1 },
    ]);
    const ctx = as('head');
    expect(await searchDocuments(ctx, { from: '2026-05-01', to: '2026-05-15', limit: 1 })).toMatchObject({
      total: 3,
    });
  });

  it('names the people with the most overdue documents, as the register lists them', async () => {
    // then
    expect(head.people.map((p) => [p.displayName, p.overdue])).toEqual([
      ['Jānis Ozoliņš', 2],
      ['Қайрат Өмірұлы', 1],
    ]);
    for (const person of head.people) {
      expect(await listed(as('head'), { executorId: person.userId, overdueOn: TODAY })).toBe(person.overdue);
    }
    expect(await dashboardOverduePeople(as('head'), PERIOD, 1)).toHaveLength(1);
  });

  it('shows a department head their department only, and the auditor everything the head sees', async () => {
    // when
    const social = await dashboard(as('socialHead'), PERIOD);
    const auditor = await dashboardCounts(as('auditor'), PERIOD, 'all');
    // then
    expect(social.period.departmentId).toBe(world.departments.social);
    expect(social.totals).toMatchObject({ received: 1, overdue: 1, open: 1, closed: 0 });
    expect(await listed(as('socialHead'), { departmentId: world.departments.social })).toBe(1);
    expect(social.departments.map((row) => row.id)).toEqual([world.departments.social]);
    expect(auditor[0]).toMatchObject({ received: 10, closed: 5, overdue: 3 });
    await expect(
      dashboard(as('socialHead'), { ...PERIOD, department: world.departments.building }),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses everyone else', async () => {
    for (const person of ['executor', 'registrar', 'clerk'] as const) {
      await expect(dashboard(as(person), PERIOD)).rejects.toBeInstanceOf(Forbidden);
    }
  });

  it('defaults to this year until today, and refuses a period that ends before it starts', async () => {
    // when
    const year = await dashboard(as('head'), {});
    // then
    expect(year.period).toMatchObject({ from: '2026-01-01', to: TODAY });
    expect(year.totals.received).toBe(11);
    await expect(dashboard(as('head'), { from: '2026-05-01', to: '2026-04-01' })).rejects.toMatchObject({
      problems: [{ field: 'to', message: 'is before the start date' }],
    });
  });
});
