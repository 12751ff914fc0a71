/** A municipality for the outgoing-letter and citizen-application processes, with the shipped processes deployed. */
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import type { Role, Store } from '../../engine/store/ports.js';
import type { TaskRecord } from '../../engine/store/workflowPorts.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import { uniqueCode } from '../support/builders.js';
import { TestClock } from '../support/workflow.js';

export async function aLettersWorld(store: Store) {
  // Monday 14 April 2025, 09:00 in Riga; Easter Monday (21 April) lies ahead.
  const clock = new TestClock('2025-04-14T06:00:00.000Z');
  const ctx = (actor: Actor): UseCaseContext => ({ store, actor, clock });
  const system = ctx({ id: null, username: 'system', displayName: 'system', roles: [], departmentId: null });
  await deployShippedProcesses(system);
  const registry = await store.departments.insert({ code: uniqueCode('KANC'), name: 'Kanceleja' });
  const social = await store.departments.insert({ code: uniqueCode('SOC'), name: 'Sociālais dienests' });
  const person = async (roles: Role[], departmentId: string) =>
    actorFromUser(
      await store.users.insert({
        username: uniqueCode(roles[0] ?? 'u'),
        displayName: 'Jānis Ozoliņš',
        roles,
        departmentId,
        source: 'local',
      }),
    );
  const register = (kind: 'outgoing' | 'application', processKey: string, numberPattern: string) =>
    store.registers.insert({
      code: uniqueCode(kind === 'outgoing' ? 'NOS' : 'IES'),
      name: kind,
      kind,
      numberPattern,
      departmentId: registry.id,
      processKey,
      answerDeadlineRule: kind === 'application' ? 'P1M' : null,
    });
  const correspondent = await store.correspondents.insert({ kind: 'person', name: 'Anna Bērziņa' });
  return {
    clock,
    ctx,
    system,
    correspondentId: correspondent.id,
    outgoing: await register('outgoing', 'outgoing-letter', '{register}/{yyyy}/{seq}'),
    applications: await register('application', 'citizen-application', 'IES-{yyyy}/{seq:4}'),
    registrar: await person(['registrar'], registry.id),
    head: await person(['head'], registry.id),
    author: await person(['executor'], social.id),
    approverA: await person(['dept_head'], social.id),
    approverB: await person(['executor'], registry.id),
    colleague: await person(['executor'], social.id),
  };
}

export type LettersWorld = Awaited<ReturnType<typeof aLettersWorld>>;

export async function openTasksOf(
  store: Store,
  instanceId: string,
  elementId?: string,
): Promise<TaskRecord[]> {
  const open = await store.tasks.listByInstance(instanceId, { status: 'open' });
  return elementId ? open.filter((task) => task.elementId === elementId) : open;
}

/** The single open task `elementId` of the instance; fails the test when there is none or several. */
export async function theTask(store: Store, instanceId: string, elementId: string): Promise<TaskRecord> {
  const tasks = await openTasksOf(store, instanceId, elementId);
  if (tasks.length !== 1) throw new Error(`expected one open ${elementId} task, found ${tasks.length}`);
  return tasks[0] as TaskRecord;
}
