/** A small municipality for records tests: departments, people with roles, registers, a routing process. */
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import type { Register, Role, Store } from '../../engine/store/ports.js';
import { deployProcess } from '../../engine/workflow/deployment/deployProcess.js';
import { uniqueCode } from '../support/builders.js';
import { TestClock } from '../support/workflow.js';

export const RESOLUTION_PROCESS = (key: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="https://kanceleja.test">
  <process id="${key}" name="Ienākošā korespondence" isExecutable="true">
    <startEvent id="registered" />
    <sequenceFlow id="f1" sourceRef="registered" targetRef="resolution" />
    <userTask id="resolution" name="Rezolūcija" camunda:candidateGroups="head" />
    <sequenceFlow id="f2" sourceRef="resolution" targetRef="done" />
    <endEvent id="done" />
  </process>
</definitions>`;

export interface RecordsWorld {
  clock: TestClock;
  ctx(actor: Actor): UseCaseContext;
  registrar: Actor;
  head: Actor;
  executor: Actor;
  auditor: Actor;
  registryId: string;
  buildingId: string;
  incoming: Register;
  internal: Register;
  processKey: string;
}

/** Builds a fresh world in `store`; codes are unique so several worlds share one store. */
export async function aRecordsWorld(store: Store, start = '2025-04-11T07:30:00.000Z'): Promise<RecordsWorld> {
  const clock = new TestClock(start);
  const ctx = (actor: Actor): UseCaseContext => ({ store, actor, clock });
  const registry = await store.departments.insert({ code: uniqueCode('KANC'), name: 'Kanceleja' });
  const building = await store.departments.insert({ code: uniqueCode('BUV'), name: 'Būvvalde' });
  const person = async (roles: Role[], departmentId: string) =>
    actorFromUser(
      await store.users.insert({
        username: uniqueCode(roles[0] ?? 'user'),
        displayName: 'Anna Bērziņa',
        roles,
        departmentId,
        source: 'local',
      }),
    );
  const designer = await person(['designer'], registry.id);
  const processKey = `incoming_${uniqueCode('p').replace('-', '_')}`;
  await deployProcess(ctx(designer), { xml: RESOLUTION_PROCESS(processKey) });
  const incoming = await store.registers.insert({
    code: uniqueCode('IEN'),
    name: 'Ienākošie dokumenti',
    kind: 'incoming',
    numberPattern: '3-12/{yyyy}/{seq}',
    departmentId: registry.id,
    processKey,
    answerDeadlineRule: 'P10WD',
  });
  const internal = await store.registers.insert({
    code: uniqueCode('IEK'),
    name: 'Iekšējie dokumenti',
    kind: 'internal',
    numberPattern: '{dept}-{seq:4}',
    yearlyReset: false,
    departmentId: registry.id,
  });
  return {
    clock,
    ctx,
    registrar: await person(['registrar'], registry.id),
    head: await person(['head'], registry.id),
    executor: await person(['executor'], building.id),
    auditor: await person(['auditor'], registry.id),
    registryId: registry.id,
    buildingId: building.id,
    incoming,
    internal,
    processKey,
  };
}
