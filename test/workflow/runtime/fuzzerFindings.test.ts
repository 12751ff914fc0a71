/**
 * Models the BPMN fuzzer found to break the runtime (test/fixtures/bpmn/found-by-fuzzer), run as the
 * fuzzer ran them, on PGlite and on PostgreSQL: each must end in a readable refusal or an incident,
 * never a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES } from '../../../engine/store/ports.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { configureStepBudget, DEFAULT_STEP_BUDGET } from '../../../engine/workflow/runtime/engineSession.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { aRegister, aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, contextFor, deployForTest, TestClock } from '../../support/workflow.js';

const fixture = (name: string) =>
  readFileSync(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/bpmn/found-by-fuzzer', name),
    'utf8',
  );

describeEachStore('models the BPMN fuzzer found', (subject) => {
  const clock = new TestClock();
  beforeAll(() => configureStepBudget({ activities: 120 }));
  afterAll(() => configureStepBudget(DEFAULT_STEP_BUDGET));

  describe('a service task that loops into itself while a call of it is in flight', () => {
    it('stops the step with an incident naming the loop, and the instance rests as failed', async () => {
      // given the letter routed to the mayor's resolution
      const register = await aRegister(subject.store);
      const registrar = await aUser(subject.store, { roles: ['registrar'] });
      const document = await subject.store.documents.insert({
        registerId: register.id,
        year: 2026,
        sequence: 1,
        registrationNumber: `${register.code}/1`,
        registeredOn: '2026-03-02',
        subject: 'Cilpa',
        createdBy: registrar.id,
      });
      const definition = await deployForTest(
        subject.store,
        fixture('service-loop-in-flight.bpmn'),
        'incoming-correspondence',
      );
      const started = await startProcess(
        contextFor(subject.store, anActor('rita', ['registrar', 'head']), clock),
        {
          key: definition.key,
          businessKey: document.id,
        },
      );
      const [resolution] = started.tasks;

      // when the mayor resolves it "for information", which enters the loop
      const attempt = completeTask(contextFor(subject.store, anActor('mayor', [...ROLES]), clock), {
        taskId: resolution?.id ?? '',
        output: { approved: true, decision: 'for_information' },
      });

      // then
      await expect(attempt).rejects.toMatchObject({
        name: 'IncidentRaised',
        message: expect.stringMatching(/failed at MarkForInformation: The process entered more than 120/),
      });
      expect((await subject.store.processInstances.get(started.instanceId))?.status).toBe('failed');
    });
  });
});
