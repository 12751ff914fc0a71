import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { VersionConflict } from '../../../engine/store/workflowPorts.js';
import { describeEachPort } from '../../support/testStores.js';

const aDefinition = (key: string) => {
  const xml = `<definitions id="${randomBytes(4).toString('hex')}" />`;
  return { key, name: null, hash: createHash('sha256').update(xml).digest('hex'), xml, deployedBy: null };
};

describeEachPort('process forms and versions', (subject) => {
  const anInstance = async (definition: { id: string; key: string; version: number }) =>
    subject.store.processInstances.insert({
      id: randomUUID(),
      definitionId: definition.id,
      processKey: definition.key,
      definitionVersion: definition.version,
      businessKey: null,
      status: 'running',
      state: { at: 'v1' },
      variables: {},
      startedBy: null,
      startedAt: new Date('2026-03-02T08:00:00Z'),
    });

  describe('forms', () => {
    it('keeps the forms of each version apart, by form key', async () => {
      const key = `forms_${randomBytes(4).toString('hex')}`;
      const first = await subject.store.processDefinitions.insert(aDefinition(key));
      const second = await subject.store.processDefinitions.insert(aDefinition(key));

      await subject.store.processForms.insertAll(first.id, { review: { components: [] }, note: { id: 'n' } });
      await subject.store.processForms.insertAll(second.id, { review: { components: [{ type: 'text' }] } });

      expect(await subject.store.processForms.listByDefinition(first.id)).toEqual({
        note: { id: 'n' },
        review: { components: [] },
      });
      expect(await subject.store.processForms.get(second.id, 'review')).toEqual({
        components: [{ type: 'text' }],
      });
      expect(await subject.store.processForms.get(second.id, 'note')).toBeNull();
      expect(await subject.store.processForms.listByDefinition('not-an-id')).toEqual({});
    });
  });

  describe('versions', () => {
    it('counts running and finished instances per version', async () => {
      const key = `counts_${randomBytes(4).toString('hex')}`;
      const first = await subject.store.processDefinitions.insert(aDefinition(key));
      const running = await anInstance(first);
      await anInstance(first);
      await subject.store.processInstances.setStatus(running.id, running.versionNo, 'cancelled');

      expect(await subject.store.processVersions.instanceCounts(key)).toEqual([
        { definitionId: first.id, running: 1, finished: 1 },
      ]);
    });

    it('re-points an instance to another version with the version check', async () => {
      const key = `repoint_${randomBytes(4).toString('hex')}`;
      const first = await subject.store.processDefinitions.insert(aDefinition(key));
      const second = await subject.store.processDefinitions.insert(aDefinition(key));
      const instance = await anInstance(first);
      const change = { definitionId: second.id, definitionVersion: 2, state: { at: 'v2' } };

      const versionNo = await subject.store.processVersions.repointInstance(
        instance.id,
        instance.versionNo,
        change,
      );
      const stale = subject.store.processVersions.repointInstance(instance.id, instance.versionNo, change);

      await expect(stale).rejects.toBeInstanceOf(VersionConflict);
      expect(await subject.store.processInstances.get(instance.id)).toMatchObject({
        definitionId: second.id,
        definitionVersion: 2,
        state: { at: 'v2' },
        versionNo,
      });
      expect(versionNo).toBe(instance.versionNo + 1);
    });
  });
});
