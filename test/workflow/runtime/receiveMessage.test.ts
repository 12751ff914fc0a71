/**
 * receiveMessage on each store: a message starts a process at its message start event when nothing
 * waits for it, and continues the waiting instances (all of them without a business key).
 */
import { expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { NotFound } from '../../../engine/errors.js';
import { receiveMessage } from '../../../engine/workflow/runtime/receiveMessage.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, deployForTest, TestClock } from '../../support/workflow.js';

describeEachStore('messages by name', (subject) => {
  const clock = new TestClock();
  const name = `arrived-${randomUUID().slice(0, 8)}`;
  const registrar = () => contextFor(subject.store, anActor('rita', ['registrar']), clock);

  it('starts at the message start event, then continues every instance waiting for the next message', async () => {
    await deployForTest(
      subject.store,
      bpmn(
        `
      <startEvent id="plain" />
      <sequenceFlow id="f0" sourceRef="plain" targetRef="byHand" />
      <userTask id="byHand" camunda:assignee="anna" />
      <startEvent id="received"><messageEventDefinition messageRef="first" /></startEvent>
      <sequenceFlow id="f1" sourceRef="received" targetRef="wait" />
      <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="second" /></intermediateCatchEvent>
      <sequenceFlow id="f2" sourceRef="wait" targetRef="answer" />
      <userTask id="answer" camunda:assignee="anna" />
      <sequenceFlow id="f3" sourceRef="answer" targetRef="end" />
      <endEvent id="end" />`,
        `<message id="first" name="${name}" /><message id="second" name="${name}-again" />`,
      ),
    );

    const one = await receiveMessage(registrar(), { name, businessKey: 'k-1', variables: { n: 1 } });
    const two = await receiveMessage(registrar(), { name, businessKey: 'k-2' });

    expect(one.continued).toEqual([]);
    expect(one.started.map((started) => [started.businessKey, started.tasks.length])).toEqual([['k-1', 0]]);
    expect(two.started.map((started) => started.businessKey)).toEqual(['k-2']);
    const ids = [...one.started, ...two.started].map((started) => started.instanceId);
    for (const id of ids) {
      const waits = await subject.store.messageSubscriptions.listByInstance(id);
      expect(waits.map((wait) => wait.elementId)).toEqual(['wait']);
    }

    const again = await receiveMessage(registrar(), { name: `${name}-again` });

    expect(again.started).toEqual([]);
    expect([...again.continued].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const open = await subject.store.tasks.listByInstance(id, { status: 'open' });
      expect(open.map((task) => task.elementId)).toEqual(['answer']);
    }
    await expect(receiveMessage(registrar(), { name: `${name}-again` })).rejects.toBeInstanceOf(NotFound);
  });
});
