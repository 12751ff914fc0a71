import { describe, expect, it } from '@jest/globals';
import { Conflict, Forbidden, Invalid } from '../../engine/errors.js';
import { getDocument } from '../../engine/records/documents.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { describeEachStore } from '../support/testStores.js';
import { DAY } from '../support/workflow.js';
import { aRecordsWorld } from './recordsWorld.js';

const letter = { subject: 'Par ielu apgaismojumu Ādažos', channel: 'post' } as const;

describeEachStore('registerDocument', (subject) => {
  it('numbers the document by its register pattern, sets the due date by the rule and starts the routing process', async () => {
    // Friday 11 April 2025: ten working days later, past Good Friday and Easter Monday, is 29 April.
    const world = await aRecordsWorld(subject.store);

    const registered = await registerDocument(world.ctx(world.registrar), {
      registerId: world.incoming.id,
      ...letter,
      correspondent: { kind: 'person', name: 'Jānis Bērziņš', registrationCode: '010190-12345' },
      theirNumber: 'b/n',
      theirDate: '2025-04-09',
      pages: 2,
    });

    expect(registered.document).toMatchObject({
      registrationNumber: '3-12/2025/1',
      registeredOn: '2025-04-11',
      dueDate: '2025-04-29',
      documentKind: 'letter',
      status: 'registered',
      confidentiality: 'internal',
      theirNumber: 'b/n',
      theirDate: '2025-04-09',
      pages: 2,
      createdBy: world.registrar.id,
    });
    expect(registered.correspondent).toMatchObject({ name: 'Jānis Bērziņš' });
    const instance = await subject.store.processInstances.get(registered.processInstanceId ?? '');
    expect(instance).toMatchObject({ businessKey: registered.document.id, processKey: world.processKey });
    const [event] = await subject.store.audit.list({
      objectType: 'document',
      objectId: registered.document.id,
    });
    expect(event).toMatchObject({ action: 'document.registered', actorId: world.registrar.id });
    expect(event?.details).toMatchObject({
      registrationNumber: '3-12/2025/1',
      correspondent: 'Jānis Bērziņš',
    });
  });

  it('restarts numbering in a new year, or keeps counting where the register does not reset', async () => {
    const world = await aRecordsWorld(subject.store, '2025-12-31T10:00:00.000Z');
    const register = (registerId: string) =>
      registerDocument(world.ctx(world.registrar), { registerId, subject: 'Dienesta ziņojums' });

    const lastOfYear = await register(world.incoming.id);
    const internalBefore = await register(world.internal.id);
    world.clock.advance(DAY);
    const firstOfYear = await register(world.incoming.id);
    const internalAfter = await register(world.internal.id);

    expect(lastOfYear.document.registrationNumber).toBe('3-12/2025/1');
    expect(firstOfYear.document.registrationNumber).toBe('3-12/2026/1');
    expect(internalBefore.document.registrationNumber).toMatch(/^KANC-[0-9a-f]+-0001$/);
    expect(internalAfter.document.registrationNumber).toMatch(/-0002$/);
  });

  it('gives 200 concurrent registrations the numbers 1 to 200', async () => {
    const world = await aRecordsWorld(subject.store);

    const registered = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        registerDocument(world.ctx(world.registrar), {
          registerId: world.internal.id,
          subject: `Ziņojums ${i}`,
        }),
      ),
    );

    expect(registered.map((r) => r.document.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
  });

  describe('refusals, which store nothing and consume no number', () => {
    async function expectNothingConsumed(
      world: Awaited<ReturnType<typeof aRecordsWorld>>,
      attempt: () => Promise<unknown>,
      error: new (...args: never[]) => Error,
    ) {
      const before = await subject.store.counters.current(world.incoming.id, 2025);
      const documentsBefore = await subject.store.documents.listByRegister(world.incoming.id);
      await expect(attempt()).rejects.toBeInstanceOf(error);
      expect(await subject.store.counters.current(world.incoming.id, 2025)).toBe(before);
      expect((await subject.store.documents.listByRegister(world.incoming.id)).total).toBe(
        documentsBefore.total,
      );
    }

    it('lists every problem of the input at once', async () => {
      const world = await aRecordsWorld(subject.store);

      const attempt = registerDocument(world.ctx(world.registrar), {
        registerId: world.incoming.id,
        subject: '  ',
        channel: 'pigeon',
        pages: -1,
        theirDate: '2025-02-30',
      });

      await expect(attempt).rejects.toMatchObject({
        problems: [
          { field: 'subject', message: 'is required' },
          { field: 'channel', message: 'must be one of post, email, e_address, in_person, portal, internal' },
          { field: 'pages', message: 'must be a whole number, 0 or more' },
          { field: 'theirDate', message: '"2025-02-30" is not a date (YYYY-MM-DD)' },
        ],
      });
    });

    it('refuses an unknown register', async () => {
      const world = await aRecordsWorld(subject.store);
      const attempt = registerDocument(world.ctx(world.registrar), {
        registerId: '00000000-0000-4000-8000-000000000000',
        ...letter,
      });
      await expect(attempt).rejects.toMatchObject({
        problems: [{ field: 'registerId', message: 'no such register' }],
      });
    });

    it('refuses a due date before the registration date, and an override without a reason', async () => {
      const world = await aRecordsWorld(subject.store);
      const register = (dueDate: string) =>
        registerDocument(world.ctx(world.registrar), { registerId: world.incoming.id, ...letter, dueDate });

      await expectNothingConsumed(world, () => register('2025-04-10'), Invalid);
      await expect(register('2025-05-15')).rejects.toMatchObject({
        problems: [
          {
            field: 'dueDateReason',
            message: 'is required when the due date differs from the rule (2025-04-29)',
          },
        ],
      });
      const overridden = await registerDocument(world.ctx(world.registrar), {
        registerId: world.incoming.id,
        ...letter,
        dueDate: '2025-05-15',
        dueDateReason: 'Nepieciešama būvvaldes apsekošana',
      });
      expect(overridden.document).toMatchObject({
        dueDate: '2025-05-15',
        dueDateReason: 'Nepieciešama būvvaldes apsekošana',
      });
    });

    it('refuses a link to a document the registrar may not see, as if it did not exist', async () => {
      const world = await aRecordsWorld(subject.store);
      const secret = await registerDocument(world.ctx(world.head), {
        registerId: world.internal.id,
        subject: 'Personāla lieta',
        confidentiality: 'restricted',
      });

      await expectNothingConsumed(
        world,
        () =>
          registerDocument(world.ctx(world.registrar), {
            registerId: world.incoming.id,
            ...letter,
            replyToId: secret.document.id,
          }),
        Invalid,
      );
    });

    it('refuses people whose roles do not register into the register', async () => {
      const world = await aRecordsWorld(subject.store);
      await expectNothingConsumed(
        world,
        () => registerDocument(world.ctx(world.auditor), { registerId: world.incoming.id, ...letter }),
        Forbidden,
      );
    });

    it('refuses a register whose routing process is not deployed', async () => {
      const world = await aRecordsWorld(subject.store);
      const orphan = await subject.store.registers.insert({
        code: `ORPH-${world.processKey}`,
        name: 'Bez procesa',
        kind: 'incoming',
        numberPattern: '{seq}',
        processKey: 'not_deployed',
      });

      const attempt = registerDocument(world.ctx(world.registrar), { registerId: orphan.id, ...letter });

      await expect(attempt).rejects.toBeInstanceOf(Conflict);
      expect(await subject.store.counters.current(orphan.id, 2025)).toBe(0);
    });
  });

  it('shows a restricted document only to its registrar and named readers', async () => {
    const world = await aRecordsWorld(subject.store);

    const registered = await registerDocument(world.ctx(world.registrar), {
      registerId: world.incoming.id,
      ...letter,
      confidentiality: 'restricted',
      readerIds: [world.executor.id ?? ''],
    });

    await expect(getDocument(world.ctx(world.executor), registered.document.id)).resolves.toMatchObject({
      document: { id: registered.document.id },
    });
    await expect(getDocument(world.ctx(world.registrar), registered.document.id)).resolves.toBeDefined();
    await expect(getDocument(world.ctx(world.head), registered.document.id)).rejects.toThrow(
      'No such document.',
    );
  });
});
