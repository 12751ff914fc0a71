import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { actorFromUser, type UseCaseContext } from '../../../engine/context.js';
import { Forbidden, Invalid, NotFound } from '../../../engine/errors.js';
import type { Role } from '../../../engine/store/ports.js';
import { deployProcess } from '../../../engine/workflow/deployment/deployProcess.js';
import { getProcessDefinition } from '../../../engine/workflow/deployment/getProcessDefinition.js';
import { listProcesses } from '../../../engine/workflow/deployment/listProcesses.js';
import { aUser } from '../../support/builders.js';
import { describeEachStore, type StoreUnderTest } from '../../support/testStores.js';
import { aroundTask, simpleProcess } from './bpmnSamples.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIWG_DIR = path.join(here, '../../fixtures/bpmn/miwg-reference');
const DEPLOYED_AT = new Date('2025-03-03T08:15:00.000Z');

const uniqueKey = () => `letter_${randomBytes(4).toString('hex')}`;

async function contextFor(subject: StoreUnderTest, roles: Role[]): Promise<UseCaseContext> {
  const user = await aUser(subject.store, { roles });
  return { actor: actorFromUser(user), store: subject.store, clock: { now: () => DEPLOYED_AT } };
}

/** The thrown error of `work`, for assertions on its details. */
async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describeEachStore('deployProcess', (subject) => {
  it('stores a valid process as version 1 of its key and records who deployed it', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const key = uniqueKey();

    const deployed = await deployProcess(ctx, { xml: simpleProcess({ key, name: 'Incoming letter' }) });

    expect(deployed).toEqual(
      expect.objectContaining({
        key,
        version: 1,
        name: 'Incoming letter',
        created: true,
        deployedBy: ctx.actor.id,
        deployedAt: DEPLOYED_AT,
      }),
    );
    expect(deployed.hash).toMatch(/^[0-9a-f]{64}$/);
    const events = await subject.store.audit.list({
      objectType: 'process_definition',
      objectId: deployed.id,
    });
    expect(events).toEqual([
      expect.objectContaining({
        action: 'process.deployed',
        actorId: ctx.actor.id,
        details: { key, version: 1, name: 'Incoming letter', hash: deployed.hash, forms: [] },
      }),
    ]);
  });

  it('returns the existing version when identical XML is deployed again, without a second audit event', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const xml = simpleProcess({ key: uniqueKey() });
    const first = await deployProcess(ctx, { xml });

    const again = await deployProcess(ctx, { xml });

    expect(again).toEqual({ ...first, created: false });
    expect(
      await subject.store.audit.list({ objectType: 'process_definition', objectId: first.id }),
    ).toHaveLength(1);
  });

  it('stores changed XML as version 2 and leaves version 1 as it was', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const key = uniqueKey();
    const firstXml = simpleProcess({ key, name: 'Letter' });
    const first = await deployProcess(ctx, { xml: firstXml });

    const second = await deployProcess(ctx, { xml: simpleProcess({ key, name: 'Letter, revised' }) });

    expect(second).toEqual(
      expect.objectContaining({ key, version: 2, name: 'Letter, revised', created: true }),
    );
    expect((await getProcessDefinition(ctx, { key, version: 1 })).xml).toBe(firstXml);
    expect((await getProcessDefinition(ctx, { key })).id).toBe(second.id);
    expect(first.version).toBe(1);
  });

  it('makes an older XML current again as a new version when it is deployed after a change', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const key = uniqueKey();
    const original = simpleProcess({ key, name: 'Original' });
    await deployProcess(ctx, { xml: original });
    await deployProcess(ctx, { xml: simpleProcess({ key, name: 'Changed' }) });

    const restored = await deployProcess(ctx, { xml: original });

    expect(restored).toEqual(expect.objectContaining({ version: 3, name: 'Original', created: true }));
  });

  it('lets an admin deploy too', async () => {
    const ctx = await contextFor(subject, ['admin']);

    expect((await deployProcess(ctx, { xml: simpleProcess({ key: uniqueKey() }) })).version).toBe(1);
  });

  it('refuses anyone who is neither designer nor admin, and stores nothing', async () => {
    const ctx = await contextFor(subject, ['registrar', 'head']);
    const key = uniqueKey();

    await expect(deployProcess(ctx, { xml: simpleProcess({ key }) })).rejects.toBeInstanceOf(Forbidden);

    expect(await listProcesses(ctx, { key })).toEqual([]);
  });

  it('refuses an invalid process with every problem located by element and line, and stores nothing', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const key = uniqueKey();
    const xml = aroundTask('<userTask id="Task_1" name="Legal check" />', { key });
    const line = xml.split('\n').findIndex((text) => text.includes('<userTask')) + 1;

    const error = await failureOf(deployProcess(ctx, { xml }));

    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).message).toBe('The process cannot be deployed: a problem to correct.');
    expect((error as Invalid).problems).toEqual([
      {
        field: `Task_1 "Legal check" (line ${line})`,
        elementId: 'Task_1',
        elementName: 'Legal check',
        line,
        message: expect.stringMatching(/^A user task needs camunda:assignee/),
      },
    ]);
    expect(await listProcesses(ctx, { key })).toEqual([]);
  });

  it('refuses XML that is not well-formed, naming the line', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const xml = simpleProcess().replace('</process>', '');

    const error = await failureOf(deployProcess(ctx, { xml }));

    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).problems).toEqual([
      {
        field: expect.stringMatching(/^line \d+$/),
        line: expect.any(Number),
        message: expect.stringMatching(/^The XML is not well-formed/),
      },
    ]);
  });

  it('refuses an empty file', async () => {
    const ctx = await contextFor(subject, ['designer']);

    const error = await failureOf(deployProcess(ctx, { xml: '  ' }));

    expect((error as Invalid).problems).toEqual([{ field: 'xml', message: 'The BPMN file is empty.' }]);
  });

  it('deploys a Camunda Modeler file with camunda:assignee, candidateGroups, dueDate and formKey', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const xml = readFileSync(path.join(here, 'fixtures/resolution-camunda-modeler.bpmn'), 'utf8');

    const deployed = await deployProcess(ctx, { xml });

    expect(deployed).toEqual(
      expect.objectContaining({ key: 'resolution', name: 'Resolution and execution' }),
    );
  });

  it('gives concurrent deployments of identical XML one version', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const xml = simpleProcess({ key: uniqueKey() });

    const results = await Promise.all(Array.from({ length: 4 }, () => deployProcess(ctx, { xml })));

    expect(new Set(results.map((result) => result.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
  });

  describe('the 21 BPMN MIWG reference models', () => {
    const files = readdirSync(MIWG_DIR).filter((file) => file.endsWith('.bpmn'));

    it.each(files)('%s is stored or refused as Invalid, never anything else', async (file) => {
      const ctx = await contextFor(subject, ['designer']);
      const xml = readFileSync(path.join(MIWG_DIR, file), 'utf8');

      const outcome = await deployProcess(ctx, { xml }).then(
        (deployed) => deployed,
        (error: unknown) => error,
      );

      if (outcome instanceof Invalid) {
        expect(outcome.problems.length).toBeGreaterThan(0);
        for (const problem of outcome.problems) expect(problem.message.length).toBeGreaterThan(10);
      } else {
        expect(outcome).toEqual(expect.objectContaining({ version: expect.any(Number) }));
      }
    });
  });
});

describeEachStore('reading process definitions', (subject) => {
  it('finds a definition by id, by key and by key and version', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const key = uniqueKey();
    const deployed = await deployProcess(ctx, { xml: simpleProcess({ key }) });
    const reader = await contextFor(subject, ['executor']);

    expect((await getProcessDefinition(reader, { id: deployed.id })).key).toBe(key);
    expect((await getProcessDefinition(reader, { key })).id).toBe(deployed.id);
    expect((await getProcessDefinition(reader, { key, version: 1 })).xml).toContain(`id="${key}"`);
  });

  it('answers NotFound for an unknown key, version or id', async () => {
    const ctx = await contextFor(subject, ['executor']);

    await expect(getProcessDefinition(ctx, { key: uniqueKey() })).rejects.toBeInstanceOf(NotFound);
    await expect(getProcessDefinition(ctx, { key: uniqueKey(), version: 2 })).rejects.toThrow(
      /version 2 does not exist/,
    );
    await expect(getProcessDefinition(ctx, { id: 'no-such-id' })).rejects.toBeInstanceOf(NotFound);
  });

  it('lists the latest version of every key, and every version of one key', async () => {
    const ctx = await contextFor(subject, ['designer']);
    const key = uniqueKey();
    await deployProcess(ctx, { xml: simpleProcess({ key, name: 'One' }) });
    await deployProcess(ctx, { xml: simpleProcess({ key, name: 'Two' }) });

    const latest = await listProcesses(ctx);
    const versions = await listProcesses(ctx, { key });

    expect(latest.filter((definition) => definition.key === key)).toEqual([
      expect.objectContaining({ version: 2, name: 'Two' }),
    ]);
    expect(versions.map((definition) => [definition.version, definition.name])).toEqual([
      [1, 'One'],
      [2, 'Two'],
    ]);
  });

  it('refuses a user without any role', async () => {
    const ctx = await contextFor(subject, []);

    await expect(listProcesses(ctx)).rejects.toBeInstanceOf(Forbidden);
  });
});
