/**
 * A deputy stands in for a principal between two dates: they see and complete the principal's
 * tasks and see the documents routed to them, and the trail says "on behalf of". Before, after
 * and once revoked, they cannot. Time moves with the test clock.
 */
import { describe, expect, it } from '@jest/globals';
import { type Actor, actorFromUser, DEFAULT_SETTINGS, type UseCaseContext } from '../../engine/context.js';
import { Forbidden, NotFound } from '../../engine/errors.js';
import { viewerOf } from '../../engine/policies/document.js';
import type { User } from '../../engine/store/ports.js';
import { actorWithSubstitutions } from '../../engine/substitutions/actingFor.js';
import { actedFor, completionsForOthers, displayNames } from '../../engine/substitutions/onBehalf.js';
import {
  createSubstitution,
  listSubstitutions,
  revokeSubstitution,
} from '../../engine/substitutions/substitutions.js';
import { claimTask } from '../../engine/workflow/runtime/claimTask.js';
import { completeTask } from '../../engine/workflow/runtime/completeTask.js';
import { listInbox, MAX_INBOX_PAGE_SIZE } from '../../engine/records/inbox.js';
import { reassignTask } from '../../engine/workflow/runtime/reassignTask.js';
import { startProcess } from '../../engine/workflow/runtime/startProcess.js';
import { aRegister, aUser } from '../support/builders.js';
import { describeEachStore } from '../support/testStores.js';
import { bpmn, deployForTest, TestClock } from '../support/workflow.js';

/** Every open task of the person's inbox (engine/records/inbox.ts), mine and unassigned. */
const listMyTasks = async (ctx: UseCaseContext) =>
  (await listInbox(ctx, { scope: 'all', pageSize: MAX_INBOX_PAGE_SIZE })).entries.map((entry) => entry.task);

const ASSIGNED = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <userTask id="review" name="Izskatīt" camunda:assignee="=reviewer" />
  <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  <endEvent id="end" />`);

const OFFERED = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="sign" />
  <userTask id="sign" name="Parakstīt" camunda:candidateUsers="=signer" />
  <sequenceFlow id="f2" sourceRef="sign" targetRef="end" />
  <endEvent id="end" />`);

const OFFERED_TO_ROLE = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
  <userTask id="accept" name="Pieņemt izpildi" camunda:candidateGroups="dept_head" />
  <sequenceFlow id="f2" sourceRef="accept" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('substitutions', (subject) => {
  // Monday 2 March 2026, 10:00 in Riga.
  const clock = new TestClock('2026-03-02T08:00:00Z');
  const settings = DEFAULT_SETTINGS;
  const ctxOf = (actor: Actor): UseCaseContext => ({ store: subject.store, clock, settings, actor });
  /** The actor as a request would build it now: with the substitutions active today. */
  const actorNow = (user: User) => actorWithSubstitutions(subject.store, user, clock, settings.timeZone);

  async function world() {
    const admin = await aUser(subject.store, { roles: ['admin'] });
    const principal = await aUser(subject.store, { roles: ['dept_head'], displayName: 'Pēteris Ozols' });
    const deputy = await aUser(subject.store, { roles: ['executor'], displayName: 'Ilze Kalna' });
    const registrar = await aUser(subject.store, { roles: ['registrar'] });
    const register = await aRegister(subject.store);
    const document = await subject.store.documents.insert({
      registerId: register.id,
      year: 2026,
      sequence: 1,
      registrationNumber: `${register.code}/1`,
      registeredOn: '2026-03-02',
      subject: 'Iesniegums par koku ciršanu',
      createdBy: registrar.id,
    });
    const definition = await deployForTest(subject.store, ASSIGNED, undefined, clock);
    const started = await startProcess(ctxOf(actorFromUser(registrar)), {
      key: definition.key,
      businessKey: document.id,
      variables: { reviewer: principal.username },
    });
    const task = started.tasks[0];
    if (!task) throw new Error('no task');
    // The deputy stands in from Wednesday to Friday.
    const substitution = await createSubstitution(ctxOf(actorFromUser(admin)), {
      principalId: principal.id,
      deputyId: deputy.id,
      fromDate: '2026-03-04',
      toDate: '2026-03-06',
      reason: 'komandējums',
    });
    return { admin, principal, deputy, registrar, document, task, substitution };
  }

  describe('before the first day', () => {
    it('gives the deputy neither the tasks nor the documents of the principal', async () => {
      clock.set('2026-03-03T21:59:00Z'); // 23:59 on Tuesday in Riga
      const { deputy, document, task } = await world();
      const actor = await actorNow(deputy);

      expect(actor.actingFor ?? []).toEqual([]);
      expect((await listMyTasks(ctxOf(actor))).map((t) => t.id)).not.toContain(task.id);
      expect(await subject.store.documentAccess.canSee(document.id, viewerOf(actor))).toBe(false);
      await expect(completeTask(ctxOf(actor), { taskId: task.id })).rejects.toBeInstanceOf(Forbidden);
    });
  });

  describe('between the dates', () => {
    it('lets the deputy see and complete the principal task, recorded on behalf of the principal', async () => {
      clock.set('2026-03-03T22:00:00Z'); // midnight starting Wednesday in Riga
      const { principal, deputy, document, task } = await world();
      const actor = await actorNow(deputy);

      expect(actor.actingFor?.map((p) => p.id)).toEqual([principal.id]);
      expect((await listMyTasks(ctxOf(actor))).map((t) => t.id)).toContain(task.id);
      expect(await subject.store.documentAccess.canSee(document.id, viewerOf(actor))).toBe(true);
      const found = await subject.store.documents.search({}, viewerOf(actor));
      expect(found.items.map((d) => d.id)).toContain(document.id);

      const completed = await completeTask(ctxOf(actor), { taskId: task.id, output: { note: 'izskatīts' } });

      expect(completed.task.completedBy).toBe(deputy.username);
      const [event] = await subject.store.audit.list({ objectType: 'task', objectId: task.id });
      expect(event).toMatchObject({
        action: 'task.completed',
        actorId: deputy.id,
        onBehalfOfId: principal.id,
      });
      const history = await subject.store.processHistory.listByInstance(task.instanceId);
      expect(history.find((h) => h.type === 'task.completed')).toMatchObject({
        actorId: deputy.id,
        details: { onBehalfOfId: principal.id, completedBy: deputy.username },
      });
    });

    it('records whom the deputy completed the task for, read back the same by the card, the task page and the PDF', async () => {
      clock.set('2026-03-04T08:00:00Z');
      const { principal, deputy, document, task } = await world();

      await completeTask(ctxOf(await actorNow(deputy)), { taskId: task.id });

      const [event] = await subject.store.audit.list({ objectType: 'task', objectId: task.id });
      expect(event?.details).toMatchObject({
        completedBy: deputy.username,
        onBehalfOf: { username: principal.username, displayName: 'Pēteris Ozols' },
      });
      const history = await subject.store.processHistory.listByInstance(task.instanceId);
      expect(history.find((h) => h.type === 'task.completed')?.details).toMatchObject({
        onBehalfOfId: principal.id,
        completedFor: principal.username,
      });
      const nameOf = displayNames(subject.store);
      expect((await completionsForOthers(nameOf, history)).get(task.id)).toEqual({
        deputy: 'Ilze Kalna',
        principal: 'Pēteris Ozols',
      });
      expect(await actedFor(nameOf, event!)).toEqual({ deputy: 'Ilze Kalna', principal: 'Pēteris Ozols' });
      // The card PDF reads the same through the report port.
      const routing = await subject.store.reports.documentRouting(document.id, settings.timeZone);
      expect(routing.tasks.map((t) => t.completedFor)).toEqual([
        { deputy: 'Ilze Kalna', principal: 'Pēteris Ozols' },
      ]);
      expect(routing.history.filter((h) => h.actedFor !== null)).toEqual([
        expect.objectContaining({
          action: 'task.completed · review',
          actedFor: { deputy: 'Ilze Kalna', principal: 'Pēteris Ozols' },
        }),
      ]);
    });

    it('records nothing on behalf of anyone when the principal completes the task themself', async () => {
      clock.set('2026-03-04T08:00:00Z');
      const { principal, document, task } = await world();

      await completeTask(ctxOf(await actorNow(principal)), { taskId: task.id });

      const [event] = await subject.store.audit.list({ objectType: 'task', objectId: task.id });
      expect(event?.details.onBehalfOf).toBeUndefined();
      const history = await subject.store.processHistory.listByInstance(task.instanceId);
      expect((await completionsForOthers(displayNames(subject.store), history)).size).toBe(0);
      const routing = await subject.store.reports.documentRouting(document.id, settings.timeZone);
      expect(routing.tasks.map((t) => t.completedFor)).toEqual([null]);
      expect(routing.history.every((h) => h.actedFor === null)).toBe(true);
    });

    it('lets the deputy claim a task offered to the principal by name, on behalf of the principal', async () => {
      clock.set('2026-03-05T08:00:00Z');
      const { principal, deputy, registrar } = await world();
      const definition = await deployForTest(subject.store, OFFERED, undefined, clock);
      const started = await startProcess(ctxOf(actorFromUser(registrar)), {
        key: definition.key,
        variables: { signer: principal.username },
      });
      const offered = started.tasks[0];
      if (!offered) throw new Error('no task');

      const claimed = await claimTask(ctxOf(await actorNow(deputy)), { taskId: offered.id });

      expect(claimed.assignee).toBe(deputy.username);
      const [event] = await subject.store.audit.list({ objectType: 'task', objectId: offered.id });
      expect(event).toMatchObject({ action: 'task.claimed', actorId: deputy.id, onBehalfOfId: principal.id });
    });

    it('gives the deputy the tasks offered to the principal role, completed on behalf of the principal', async () => {
      clock.set('2026-03-05T08:00:00Z');
      const { principal, deputy, registrar } = await world();
      const definition = await deployForTest(subject.store, OFFERED_TO_ROLE, undefined, clock);
      const started = await startProcess(ctxOf(actorFromUser(registrar)), { key: definition.key });
      const offered = started.tasks[0];
      if (!offered) throw new Error('no task');
      const actor = await actorNow(deputy);

      expect((await listMyTasks(ctxOf(actor))).map((t) => t.id)).toContain(offered.id);
      await completeTask(ctxOf(actor), { taskId: offered.id });

      const [event] = await subject.store.audit.list({ objectType: 'task', objectId: offered.id });
      expect(event).toMatchObject({ actorId: deputy.id, onBehalfOfId: principal.id });
    });

    it('lets the deputy of a department head delegate the principal task', async () => {
      clock.set('2026-03-05T08:00:00Z');
      const { principal, deputy, registrar, task } = await world();

      const delegated = await reassignTask(ctxOf(await actorNow(deputy)), {
        taskId: task.id,
        assignee: registrar.username,
      });

      expect(delegated.assignee).toBe(registrar.username);
      const events = await subject.store.audit.list({ objectType: 'task', objectId: task.id });
      expect(events.at(-1)).toMatchObject({ action: 'task.reassigned', onBehalfOfId: principal.id });
    });
  });

  describe('after the last day', () => {
    it('gives the deputy nothing of the principal any more', async () => {
      clock.set('2026-03-05T08:00:00Z');
      const { deputy, document, task } = await world();
      clock.set('2026-03-06T22:00:00Z'); // midnight starting Saturday in Riga
      const actor = await actorNow(deputy);

      expect(actor.actingFor ?? []).toEqual([]);
      expect((await listMyTasks(ctxOf(actor))).map((t) => t.id)).not.toContain(task.id);
      expect(await subject.store.documentAccess.canSee(document.id, viewerOf(actor))).toBe(false);
      await expect(completeTask(ctxOf(actor), { taskId: task.id })).rejects.toBeInstanceOf(Forbidden);
    });
  });

  describe('revoking', () => {
    it('ends the substitution at once and is recorded', async () => {
      clock.set('2026-03-04T08:00:00Z');
      const { admin, deputy, task, substitution } = await world();
      expect((await actorNow(deputy)).actingFor).toHaveLength(1);

      await revokeSubstitution(ctxOf(actorFromUser(admin)), { id: substitution.id });

      const actor = await actorNow(deputy);
      expect(actor.actingFor ?? []).toEqual([]);
      await expect(completeTask(ctxOf(actor), { taskId: task.id })).rejects.toBeInstanceOf(Forbidden);
      const events = await subject.store.audit.list({
        objectType: 'substitution',
        objectId: substitution.id,
      });
      const event = events.find((e) => e.action === 'substitution.revoked');
      expect(event).toMatchObject({ actorId: admin.id });
    });
  });

  describe('who may set them', () => {
    it('lets a user set their own deputy but not one for someone else', async () => {
      clock.set('2026-03-02T08:00:00Z');
      const { principal, deputy, registrar } = await world();

      const own = await createSubstitution(ctxOf(actorFromUser(principal)), {
        principalId: principal.id,
        deputyId: registrar.id,
        fromDate: '2026-03-09',
        toDate: '2026-03-13',
      });
      expect(own.principalId).toBe(principal.id);
      await expect(
        createSubstitution(ctxOf(actorFromUser(deputy)), {
          principalId: principal.id,
          deputyId: deputy.id,
          fromDate: '2026-03-09',
          toDate: '2026-03-13',
        }),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(revokeSubstitution(ctxOf(actorFromUser(deputy)), { id: own.id })).rejects.toBeInstanceOf(
        NotFound,
      );
      expect((await listSubstitutions(ctxOf(actorFromUser(registrar)))).map((s) => s.id)).toEqual([own.id]);
    });

    it('refuses bad dates with problems per field and changes nothing', async () => {
      clock.set('2026-03-02T08:00:00Z');
      const { admin, principal, deputy } = await world();
      const before = (await subject.store.substitutions.list({ userId: principal.id })).length;

      await expect(
        createSubstitution(ctxOf(actorFromUser(admin)), {
          principalId: principal.id,
          deputyId: deputy.id,
          fromDate: '2026-03-10',
          toDate: '2026-02-30',
        }),
      ).rejects.toMatchObject({ problems: [{ field: 'toDate' }] });
      await expect(
        createSubstitution(ctxOf(actorFromUser(admin)), {
          principalId: principal.id,
          deputyId: deputy.id,
          fromDate: '2026-02-20',
          toDate: '2026-02-27',
        }),
      ).rejects.toMatchObject({ problems: [{ field: 'toDate', message: 'is in the past' }] });
      expect(await subject.store.substitutions.list({ userId: principal.id })).toHaveLength(before);
    });
  });
});
