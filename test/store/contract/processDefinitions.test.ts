import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { NewProcessDefinition } from '../../../engine/store/definitionPorts.js';
import { Conflict } from '../../../engine/errors.js';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const uniqueKey = () => `process_${randomBytes(4).toString('hex')}`;

function aDefinition(
  key: string,
  xml = `<definitions id="${randomBytes(4).toString('hex')}" />`,
): NewProcessDefinition {
  return {
    key,
    name: 'Incoming letter',
    hash: createHash('sha256').update(xml).digest('hex'),
    xml,
    deployedBy: null,
  };
}

describeEachPort('process definitions', (subject) => {
  describe('insert', () => {
    it('numbers the versions of a key from 1 and keeps each version separately', async () => {
      const key = uniqueKey();
      const other = uniqueKey();

      const first = await subject.store.processDefinitions.insert(aDefinition(key, '<first />'));
      const second = await subject.store.processDefinitions.insert(aDefinition(key, '<second />'));
      const otherFirst = await subject.store.processDefinitions.insert(aDefinition(other));

      expect([first.version, second.version, otherFirst.version]).toEqual([1, 2, 1]);
      expect(first.id).not.toBe(second.id);
      expect((await subject.store.processDefinitions.getVersion(key, 1))?.xml).toBe('<first />');
      expect((await subject.store.processDefinitions.getVersion(key, 2))?.xml).toBe('<second />');
      expect(await subject.store.processDefinitions.latestId(key)).toBe(second.id);
      expect(await subject.store.processDefinitions.latestId(uniqueKey())).toBeNull();
    });

    it('stores who deployed it and when', async () => {
      const designer = await aUser(subject.store, { roles: ['designer'] });
      const deployedAt = new Date('2025-03-01T09:30:00.000Z');

      const stored = await subject.store.processDefinitions.insert({
        ...aDefinition(uniqueKey()),
        deployedBy: designer.id,
        deployedAt,
      });

      expect(await subject.store.processDefinitions.get(stored.id)).toEqual(
        expect.objectContaining({ deployedBy: designer.id, deployedAt, name: 'Incoming letter' }),
      );
    });

    it('never gives two concurrent deployments of one key the same version: a loser gets a Conflict', async () => {
      const key = uniqueKey();

      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, n) =>
          subject.store.transaction((tx) => tx.processDefinitions.insert(aDefinition(key, `<v${n} />`))),
        ),
      );

      const stored = await subject.store.processDefinitions.listVersions(key);
      const fulfilled = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const rejected = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(stored.map((definition) => definition.version)).toEqual(
        Array.from({ length: fulfilled.length }, (_, i) => i + 1),
      );
      expect(rejected.every((reason) => reason instanceof Conflict)).toBe(true);
      expect(fulfilled.length + rejected.length).toBe(8);
    });
  });

  describe('reading', () => {
    it('finds the latest version, a version by hash, and nothing for an unknown key or id', async () => {
      const key = uniqueKey();
      const first = await subject.store.processDefinitions.insert(aDefinition(key, '<a />'));
      const second = await subject.store.processDefinitions.insert(aDefinition(key, '<b />'));

      expect((await subject.store.processDefinitions.latest(key))?.id).toBe(second.id);
      expect((await subject.store.processDefinitions.findByHash(key, first.hash))?.id).toBe(first.id);
      expect(await subject.store.processDefinitions.findByHash(uniqueKey(), first.hash)).toBeNull();
      expect(await subject.store.processDefinitions.latest(uniqueKey())).toBeNull();
      expect(await subject.store.processDefinitions.getVersion(key, 3)).toBeNull();
      expect(await subject.store.processDefinitions.get('00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await subject.store.processDefinitions.get('not-a-uuid')).toBeNull();
    });

    it('lists the versions of a key without their XML, oldest first', async () => {
      const key = uniqueKey();
      await subject.store.processDefinitions.insert(aDefinition(key, '<a />'));
      await subject.store.processDefinitions.insert(aDefinition(key, '<b />'));

      const versions = await subject.store.processDefinitions.listVersions(key);

      expect(versions.map((version) => version.version)).toEqual([1, 2]);
      expect(versions.every((version) => !('xml' in version))).toBe(true);
    });

    it('lists every key, and the latest version of each', async () => {
      const [keyA, keyB] = [`a_${uniqueKey()}`, `b_${uniqueKey()}`];
      await subject.store.processDefinitions.insert(aDefinition(keyA));
      await subject.store.processDefinitions.insert(aDefinition(keyA));
      await subject.store.processDefinitions.insert(aDefinition(keyB));

      const keys = await subject.store.processDefinitions.listKeys();
      const latest = await subject.store.processDefinitions.listLatest();

      expect(keys).toEqual(expect.arrayContaining([keyA, keyB]));
      expect(keys).toEqual([...keys].sort());
      expect(latest.filter((definition) => [keyA, keyB].includes(definition.key))).toEqual([
        expect.objectContaining({ key: keyA, version: 2 }),
        expect.objectContaining({ key: keyB, version: 1 }),
      ]);
    });
  });

  it('keeps nothing of a deployment whose transaction rolls back', async () => {
    const key = uniqueKey();

    const rolledBack = subject.store.transaction(async (tx) => {
      await tx.processDefinitions.insert(aDefinition(key));
      throw new Error('refused after storing');
    });

    await expect(rolledBack).rejects.toThrow('refused after storing');
    expect(await subject.store.processDefinitions.listVersions(key)).toEqual([]);
  });
});
