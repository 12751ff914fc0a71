import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Conflict } from '../../../engine/errors.js';
import type { Repositories } from '../../../engine/store/ports.js';
import { type ProcessInstance, VersionConflict } from '../../../engine/store/workflowPorts.js';
import { describeEachPort } from '../../support/testStores.js';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function anInstance(
  repos: Repositories,
  businessKey: string | null = null,
  variables: Record<string, string | number> = { amount: 10 },
  status: 'running' | 'completed' = 'running',
): Promise<ProcessInstance> {
  const xml = `<definitions id="${randomUUID()}" />`;
  const definition = await repos.processDefinitions.insert({
    key: 'routing',
    name: null,
    hash: createHash('sha256').update(xml).digest('hex'),
    xml,
    deployedBy: null,
  });
  return repos.processInstances.insert({
    id: randomUUID(),
    definitionId: definition.id,
    processKey: 'routing',
    definitionVersion: 1,
    businessKey,
    status,
    state: { engine: 'state' },
    variables,
    startedBy: null,
    startedAt: T0,
  });
}

function aTask(
  repos: Repositories,
  instance: ProcessInstance,
  overrides: {
    executionId?: string;
    assignee?: string | null;
    candidateGroups?: string[];
    candidateUsers?: string[];
    dueAt?: Date | null;
  } = {},
) {
  return repos.tasks.insert({
    instanceId: instance.id,
    processKey: instance.processKey,
    businessKey: instance.businessKey,
    elementId: 'review',
    executionId: overrides.executionId ?? `review_${randomUUID()}`,
    name: 'Review',
    assignee: overrides.assignee ?? null,
    candidateGroups: overrides.candidateGroups ?? [],
    candidateUsers: overrides.candidateUsers ?? [],
    dueAt: overrides.dueAt === undefined ? at(60) : overrides.dueAt,
    priority: 50,
    formKey: null,
    loopItem: null,
    createdAt: T0,
  });
}

describeEachPort('process runtime', (subject) => {
  describe('process instances', () => {
    it('saves a new state only over the version it was read at', async () => {
      const instance = await anInstance(subject.store);
      const change = {
        status: 'running' as const,
        state: { step: 2 },
        variables: { amount: 20 },
        endedAt: null,
      };

      const saved = await subject.store.processInstances.update(instance.id, 1, change);
      const stale = subject.store.processInstances.update(instance.id, 1, { ...change, state: { step: 3 } });

      expect(saved.versionNo).toBe(2);
      await expect(stale).rejects.toBeInstanceOf(VersionConflict);
      expect((await subject.store.processInstances.get(instance.id))?.state).toEqual({ step: 2 });
    });

    it('lets exactly one of two concurrent saves of one version win', async () => {
      const instance = await anInstance(subject.store);
      const save = (step: number) =>
        subject.store.transaction((tx) =>
          tx.processInstances.update(instance.id, 1, {
            status: 'running',
            state: { step },
            variables: {},
            endedAt: null,
          }),
        );

      const outcomes = await Promise.allSettled([save(1), save(2)]);

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(
        outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof VersionConflict),
      ).toHaveLength(1);
      expect((await subject.store.processInstances.get(instance.id))?.versionNo).toBe(2);
    });

    it('lists instances by business key without their engine state', async () => {
      const businessKey = randomUUID();
      await anInstance(subject.store, businessKey);

      const page = await subject.store.processInstances.list({ businessKey });

      expect(page.total).toBe(1);
      expect(page.items[0]).not.toHaveProperty('state');
      expect(page.items[0]?.variables).toEqual({ amount: 10 });
    });
  });

  describe('tasks', () => {
    it('completes an open task once and refuses the second completion', async () => {
      const task = await aTask(subject.store, await anInstance(subject.store));

      const completed = await subject.store.tasks.complete(task.id, 'anna', at(5));

      expect(completed).toMatchObject({ status: 'completed', completedBy: 'anna' });
      await expect(subject.store.tasks.complete(task.id, 'juris', at(6))).rejects.toBeInstanceOf(Conflict);
    });

    it('claims only an unclaimed task', async () => {
      const task = await aTask(subject.store, await anInstance(subject.store), { candidateGroups: ['FIN'] });

      const claimed = await subject.store.tasks.setAssignee(task.id, null, 'anna', at(1));

      expect(claimed).toMatchObject({ assignee: 'anna', claimedAt: at(1) });
      await expect(subject.store.tasks.setAssignee(task.id, null, 'juris', at(2))).rejects.toBeInstanceOf(
        Conflict,
      );
    });

    it('offers open tasks to their assignee, candidate users and candidate groups', async () => {
      const instance = await anInstance(subject.store);
      const group = `G-${randomUUID()}`;
      const mine = await aTask(subject.store, instance, { assignee: 'zane' });
      const offered = await aTask(subject.store, instance, { candidateGroups: [group] });
      await aTask(subject.store, instance, { assignee: 'other', candidateGroups: [group] });

      const inbox = await subject.store.tasks.listOpenFor('zane', [group]);

      expect(inbox.map((t) => t.id).sort()).toEqual([mine.id, offered.id].sort());
    });

    it("lists the open tasks of the running instances a person controls, by the instance's controller", async () => {
      const controlled = await anInstance(subject.store, null, { controller: 'inta' });
      const other = await anInstance(subject.store, null, { controller: 'ivars' });
      const ended = await anInstance(subject.store, null, { controller: 'inta' }, 'completed');
      const later = await aTask(subject.store, controlled, { assignee: 'a', dueAt: at(50) });
      const soon = await aTask(subject.store, controlled, { assignee: 'b', dueAt: at(5) });
      const done = await aTask(subject.store, controlled, { assignee: 'c' });
      await subject.store.tasks.complete(done.id, 'c', at(1));
      await aTask(subject.store, other, { assignee: 'a' });
      await aTask(subject.store, ended, { assignee: 'a' });

      const page = { now: at(20), limit: 50, offset: 0 };
      const listed = await subject.store.tasks.listOpenControlledBy('inta', page);
      const second = await subject.store.tasks.listOpenControlledBy('inta', { ...page, limit: 1, offset: 1 });

      expect(listed.items.map((t) => t.id)).toEqual([soon.id, later.id]);
      expect([listed.total, listed.overdue]).toEqual([2, 1]);
      expect(second.items.map((t) => t.id)).toEqual([later.id]);
      expect(second.total).toBe(2);
      expect((await subject.store.tasks.listOpenControlledBy('nobody', page)).items).toEqual([]);
    });

    it('follows the instance: a new controller takes over its open tasks, and they leave the list when it stops running', async () => {
      const instance = await anInstance(subject.store, null, { controller: 'juris' });
      const open = await aTask(subject.store, instance, { assignee: 'a', dueAt: at(5) });
      const page = { now: at(20), limit: 50, offset: 0 };
      const ids = async (username: string) =>
        (await subject.store.tasks.listOpenControlledBy(username, page)).items.map((t) => t.id);

      const handedOver = await subject.store.processInstances.update(instance.id, instance.versionNo, {
        status: 'running',
        state: { engine: 'state' },
        variables: { controller: 'laila' },
        endedAt: null,
      });
      const added = await aTask(subject.store, handedOver, { assignee: 'b', dueAt: at(10) });

      expect(await ids('juris')).toEqual([]);
      expect(await ids('laila')).toEqual([open.id, added.id]);

      await subject.store.processInstances.setStatus(instance.id, handedOver.versionNo, 'failed');
      expect(await ids('laila')).toEqual([]);
    });

    describe('the inbox', () => {
      const viewer = { userId: randomUUID(), departmentId: null, seesAllUnrestricted: true };
      const inboxOf = (
        username: string,
        options: Partial<Parameters<Repositories['tasks']['inbox']>[0]> = {},
      ) =>
        subject.store.tasks.inbox({
          usernames: [username],
          groups: [`grp_${username}`],
          viewer,
          scope: 'all',
          overdueOnly: false,
          now: at(30),
          limit: 50,
          offset: 0,
          ...options,
        });

      it('holds what a person holds and what is offered to them, overdue first, counted per scope', async () => {
        const instance = await anInstance(subject.store);
        const person = `inbox_${randomUUID().slice(0, 8)}`;
        const held = await aTask(subject.store, instance, { assignee: person, dueAt: at(100) });
        const late = await aTask(subject.store, instance, { assignee: person, dueAt: at(10) });
        const byName = await aTask(subject.store, instance, { candidateUsers: [person], dueAt: null });
        const byGroup = await aTask(subject.store, instance, {
          candidateGroups: [`grp_${person}`],
          dueAt: at(50),
        });
        await aTask(subject.store, instance, {
          assignee: 'someone_else',
          candidateGroups: [`grp_${person}`],
        });
        await aTask(subject.store, instance, { candidateGroups: ['another_group'] });

        const all = await inboxOf(person);
        const mine = await inboxOf(person, { scope: 'mine' });
        const unassigned = await inboxOf(person, { scope: 'unassigned' });
        const overdue = await inboxOf(person, { overdueOnly: true });

        expect(all.items.map((t) => t.id)).toEqual([late.id, byGroup.id, held.id, byName.id]);
        expect(all.counts).toEqual({ all: 4, mine: 2, unassigned: 2, overdue: 1 });
        expect(all.total).toBe(4);
        expect(mine.items.map((t) => t.id)).toEqual([late.id, held.id]);
        expect(mine.total).toBe(2);
        expect(unassigned.items.map((t) => t.id)).toEqual([byGroup.id, byName.id]);
        expect(overdue.items.map((t) => t.id)).toEqual([late.id]);
        expect(overdue.total).toBe(1);
      });

      it('lists a task offered in several ways once, and none offered only to others', async () => {
        const instance = await anInstance(subject.store);
        const person = `inbox_${randomUUID().slice(0, 8)}`;
        const group = `grp_${person}`;
        const offered = async (candidateUsers: string[], candidateGroups: string[], day: number) =>
          aTask(subject.store, instance, { candidateUsers, candidateGroups, dueAt: at(day) });
        const expected = [
          await offered([person], [group], 40),
          await offered([person], ['another_group'], 41),
          await offered([person], [group, 'another_group'], 42),
          await offered([], ['another_group', group], 43),
          await offered(['someone_else'], [group, 'third_group'], 44),
          await offered([person, 'someone_else'], [], 45),
        ];
        await offered(['someone_else'], ['another_group', 'third_group'], 46);
        await offered(['someone_else'], ['another_group'], 47);
        await aTask(subject.store, instance, {
          assignee: 'someone_else',
          candidateUsers: [person],
          dueAt: at(48),
        });

        const all = await inboxOf(person);

        expect(all.items.map((t) => t.id)).toEqual(expected.map((t) => t.id));
        expect(all.counts).toEqual({ all: 6, mine: 0, unassigned: 6, overdue: 0 });
      });

      it('pages in the store, with the total of every page', async () => {
        const instance = await anInstance(subject.store);
        const person = `inbox_${randomUUID().slice(0, 8)}`;
        const tasks = [];
        for (let i = 0; i < 5; i += 1)
          tasks.push(await aTask(subject.store, instance, { assignee: person, dueAt: at(100 + i) }));

        const first = await inboxOf(person, { limit: 2 });
        const last = await inboxOf(person, { limit: 2, offset: 4 });

        expect(first.items.map((t) => t.id)).toEqual([tasks[0]?.id, tasks[1]?.id]);
        expect(last.items.map((t) => t.id)).toEqual([tasks[4]?.id]);
        expect([first.total, last.total]).toEqual([5, 5]);
      });

      it('counts up to a cap when asked, saying which counts stopped, and pages in order past it', async () => {
        const instance = await anInstance(subject.store);
        const person = `inbox_${randomUUID().slice(0, 8)}`;
        const held = [];
        for (let i = 0; i < 4; i += 1)
          held.push(await aTask(subject.store, instance, { assignee: person, dueAt: at(100 - i) }));
        const offered = await aTask(subject.store, instance, {
          candidateGroups: [`grp_${person}`],
          dueAt: null,
        });

        const capped = await inboxOf(person, { countUpTo: 2, limit: 3 });

        expect(capped.counts).toEqual({ all: 2, mine: 2, unassigned: 1, overdue: 0 });
        expect(capped.countsCapped).toEqual({ all: true, mine: true, unassigned: false, overdue: false });
        expect([capped.total, capped.totalIsCapped]).toEqual([2, true]);
        expect(capped.items.map((t) => t.id)).toEqual([held[3]?.id, held[2]?.id, held[1]?.id]);
        const rest = await inboxOf(person, { countUpTo: 2, limit: 3, offset: 3 });
        expect(rest.items.map((t) => t.id)).toEqual([held[0]?.id, offered.id]);
      });

      it('leaves out a task on a document the person may not see', async () => {
        const register = await subject.store.registers.insert({
          code: `IB${randomUUID().slice(0, 6)}`,
          name: 'Ienākošie',
          kind: 'incoming',
          numberPattern: '{seq}',
        });
        const restricted = await subject.store.documents.insert({
          registerId: register.id,
          year: 2026,
          sequence: 1,
          registrationNumber: `${register.code}/1`,
          registeredOn: '2026-03-02',
          subject: 'Ierobežots',
          confidentiality: 'restricted',
        });
        const instance = await anInstance(subject.store, restricted.id);
        const person = `inbox_${randomUUID().slice(0, 8)}`;
        await aTask(subject.store, instance, { candidateGroups: [`grp_${person}`] });

        const outsider = await inboxOf(person, {
          viewer: { userId: randomUUID(), departmentId: null, seesAllUnrestricted: true },
        });

        expect(outsider.items).toEqual([]);
        expect(outsider.counts.all).toBe(0);
        // The same rule, asked document by document: hidden, although nobody is its author.
        expect(
          await subject.store.documentAccess.hiddenAmong([restricted.id], {
            userId: randomUUID(),
            departmentId: null,
            seesAllUnrestricted: true,
          }),
        ).toEqual([restricted.id]);
      });
    });

    it('cancels the open tasks of the listed executions only', async () => {
      const instance = await anInstance(subject.store);
      const kept = await aTask(subject.store, instance);
      const dropped = await aTask(subject.store, instance);

      expect(await subject.store.tasks.cancelOpen(instance.id, at(1), [dropped.executionId])).toBe(1);

      const open = await subject.store.tasks.listByInstance(instance.id, { status: 'open' });
      expect(open.map((t) => t.id)).toEqual([kept.id]);
    });
  });

  describe('jobs', () => {
    async function dueJobs(count: number) {
      const instance = await anInstance(subject.store);
      for (let i = 0; i < count; i += 1) {
        await subject.store.jobs.insertIfAbsent({
          instanceId: instance.id,
          kind: 'timer',
          elementId: 'deadline',
          executionId: `deadline_${i}`,
          dueAt: at(-10 + i),
          createdAt: T0,
        });
      }
      return instance;
    }

    it('keeps one job per timer execution', async () => {
      const instance = await dueJobs(1);
      const again = await subject.store.jobs.insertIfAbsent({
        instanceId: instance.id,
        kind: 'timer',
        elementId: 'deadline',
        executionId: 'deadline_0',
        dueAt: at(100),
        createdAt: T0,
      });

      expect(again).toBe(false);
      expect((await subject.store.jobs.listByInstance(instance.id)).map((j) => j.dueAt)).toEqual([at(-10)]);
    });

    it('hands two concurrent claimers different jobs', async () => {
      const instance = await dueJobs(6);
      const claim = (workerId: string) =>
        subject.store.transaction((tx) => tx.jobs.claimDue({ now: T0, limit: 3, workerId, leaseMs: 60_000 }));

      const [first, second] = await Promise.all([claim('worker-a'), claim('worker-b')]);
      const mine = (jobs: typeof first) => jobs.filter((j) => j.instanceId === instance.id).map((j) => j.id);

      const claimedIds = [...mine(first), ...mine(second)];
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      expect(claimedIds.length).toBeGreaterThanOrEqual(3);
    });

    it('retakes a job whose lease expired, but not one that is leased or not yet due', async () => {
      const instance = await dueJobs(1);
      const mine = <J extends { instanceId: string | null }>(jobs: J[]) =>
        jobs.filter((j) => j.instanceId === instance.id);
      await subject.store.jobs.insertIfAbsent({
        instanceId: instance.id,
        kind: 'timer',
        elementId: 'later',
        executionId: 'later_0',
        dueAt: at(30),
        createdAt: T0,
      });

      const taken = mine(
        await subject.store.jobs.claimDue({ now: T0, limit: 100, workerId: 'a', leaseMs: 60_000 }),
      );
      const whileLeased = mine(
        await subject.store.jobs.claimDue({ now: at(0.5), limit: 100, workerId: 'b', leaseMs: 60_000 }),
      );
      const afterLease = mine(
        await subject.store.jobs.claimDue({ now: at(2), limit: 100, workerId: 'b', leaseMs: 60_000 }),
      );

      expect(taken.map((j) => j.executionId)).toEqual(['deadline_0']);
      expect(whileLeased).toEqual([]);
      expect(afterLease.map((j) => [j.executionId, j.lockedBy, j.attempts])).toEqual([
        ['deadline_0', 'b', 2],
      ]);
    });

    it('cancels the pending jobs of timers the engine no longer sets', async () => {
      const instance = await dueJobs(3);

      const cancelled = await subject.store.jobs.cancelPendingExcept(instance.id, ['deadline_1'], T0);

      expect(cancelled).toBe(2);
      const jobs = await subject.store.jobs.listByInstance(instance.id);
      expect(jobs.map((j) => [j.executionId, j.status])).toEqual([
        ['deadline_0', 'cancelled'],
        ['deadline_1', 'pending'],
        ['deadline_2', 'cancelled'],
      ]);
    });

    it('schedules each timer start occurrence once and claims it without an instance', async () => {
      const definition = await subject.store.processDefinitions.insert({
        key: `starts-${randomUUID()}`,
        name: null,
        hash: createHash('sha256').update(randomUUID()).digest('hex'),
        xml: '<definitions />',
        deployedBy: null,
      });
      const occurrence = { definitionId: definition.id, elementId: 'daily', dueAt: at(-1), createdAt: T0 };

      expect(await subject.store.jobs.scheduleStart(occurrence)).toBe(true);
      expect(await subject.store.jobs.scheduleStart(occurrence)).toBe(false);
      const claimed = await subject.store.jobs.claimDue({
        now: T0,
        limit: 100,
        workerId: 'a',
        leaseMs: 1000,
      });
      const start = claimed.find((j) => j.definitionId === definition.id);
      expect(start).toMatchObject({ kind: 'timer_start', instanceId: null, elementId: 'daily' });
      await subject.store.jobs.finishOne(start?.id ?? '', 'fired', T0);
      await expect(subject.store.jobs.finishOne(start?.id ?? '', 'fired', T0)).rejects.toBeInstanceOf(
        Conflict,
      );
    });

    it('never claims a finished job', async () => {
      const instance = await dueJobs(2);

      expect(await subject.store.jobs.finish(instance.id, 'fired', T0, ['deadline_0'])).toBe(1);
      await subject.store.jobs.finish(instance.id, 'cancelled', T0);

      const claimed = await subject.store.jobs.claimDue({
        now: at(60),
        limit: 100,
        workerId: 'a',
        leaseMs: 1000,
      });
      expect(claimed.filter((j) => j.instanceId === instance.id)).toEqual([]);
      expect((await subject.store.jobs.listByInstance(instance.id)).map((j) => j.status)).toEqual([
        'fired',
        'cancelled',
      ]);
    });
  });

  describe('message subscriptions, incidents and history', () => {
    it('replaces an instance subscriptions and finds them by name and business key', async () => {
      const businessKey = randomUUID();
      const instance = await anInstance(subject.store, businessKey);
      const subscription = (executionId: string, messageName: string) => ({
        instanceId: instance.id,
        businessKey,
        messageName,
        messageRef: `Msg_${messageName}`,
        elementId: 'wait',
        executionId,
        createdAt: T0,
      });
      await subject.store.messageSubscriptions.replaceForInstance(instance.id, [
        subscription('a', 'answer'),
        subscription('b', 'reminder'),
      ]);

      await subject.store.messageSubscriptions.replaceForInstance(instance.id, [
        subscription('b', 'reminder'),
      ]);

      expect(await subject.store.messageSubscriptions.find('answer', businessKey)).toEqual([]);
      expect(
        (await subject.store.messageSubscriptions.find('reminder', businessKey)).map((s) => s.messageRef),
      ).toEqual(['Msg_reminder']);
    });

    it('resolves an incident once', async () => {
      const instance = await anInstance(subject.store);
      const incident = await subject.store.incidents.insert({
        instanceId: instance.id,
        elementId: 'notify',
        message: 'unknown service',
        command: { kind: 'fireJob', jobId: 'x' },
        createdAt: T0,
      });

      await subject.store.incidents.resolve(incident.id, 'admin', at(1));

      await expect(subject.store.incidents.resolve(incident.id, 'admin', at(2))).rejects.toBeInstanceOf(
        Conflict,
      );
      expect((await subject.store.incidents.listByInstance(instance.id))[0]).toMatchObject({
        status: 'resolved',
        resolvedBy: 'admin',
      });
    });

    it('lists history events in the order they were appended', async () => {
      const instance = await anInstance(subject.store);
      const event = (type: 'activity.started' | 'activity.completed', elementId: string) => ({
        instanceId: instance.id,
        at: T0,
        actorId: null,
        actorName: 'system',
        type,
        elementId,
        details: {},
      });

      await subject.store.processHistory.append([
        event('activity.started', 'a'),
        event('activity.completed', 'a'),
      ]);
      await subject.store.processHistory.append([event('activity.started', 'b')]);

      const history = await subject.store.processHistory.listByInstance(instance.id);
      expect(history.map((e) => `${e.type}:${e.elementId}`)).toEqual([
        'activity.started:a',
        'activity.completed:a',
        'activity.started:b',
      ]);
    });
  });
});
