/**
 * Registers as an administrator keeps them: codes normalised as department codes are, the yearly
 * reset chosen at creation, the next number previewed from the pattern and the counter, and the
 * owning department changed (audited, and refused where the pattern needs one).
 */
import { expect, it } from '@jest/globals';
import { actorFromUser } from '../../engine/context.js';
import { Invalid } from '../../engine/errors.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { createRegister, previewNextNumber, updateRegister } from '../../engine/records/registers.js';
import { uniqueCode } from '../support/builders.js';
import { describeEachStore } from '../support/testStores.js';
import { aRecordsWorld } from './recordsWorld.js';

describeEachStore('register administration', (subject) => {
  const anAdmin = async () =>
    actorFromUser(
      await subject.store.users.insert({
        username: uniqueCode('admin'),
        displayName: 'Andris Krūmiņš',
        roles: ['admin'],
        source: 'local',
      }),
    );

  it('stores a code trimmed and in capitals, with the yearly reset asked for', async () => {
    const world = await aRecordsWorld(subject.store);
    const code = uniqueCode('bat').toLowerCase();

    const register = await createRegister(world.ctx(await anAdmin()), {
      code: `  ${code} `,
      name: 'Būvatļaujas',
      kind: 'internal',
      numberPattern: 'BAT-{seq}',
      yearlyReset: false,
    });

    expect(register).toMatchObject({ code: code.toUpperCase(), yearlyReset: false });
    const [event] = await subject.store.audit.list({ objectType: 'register', objectId: register.id });
    expect(event?.details).toMatchObject({ code: code.toUpperCase(), yearlyReset: false });
  });

  it('refuses a yearly reset that is no yes or no, naming the field', async () => {
    const world = await aRecordsWorld(subject.store);
    const attempt = createRegister(world.ctx(await anAdmin()), {
      code: uniqueCode('X'),
      name: 'X',
      kind: 'internal',
      numberPattern: '{seq}',
      yearlyReset: 'yes' as unknown as boolean,
    });
    await expect(attempt).rejects.toMatchObject({
      problems: [{ field: 'yearlyReset', message: 'must be true or false' }],
    });
  });

  it('previews the next number from the pattern, the counter and today, taking nothing', async () => {
    const world = await aRecordsWorld(subject.store);
    const admin = world.ctx(await anAdmin());
    await registerDocument(world.ctx(world.registrar), { registerId: world.incoming.id, subject: 'Pirmais' });
    const department = await subject.store.departments.get(world.registryId);

    const next = await previewNextNumber(admin, {
      registerId: world.incoming.id,
      code: world.incoming.code,
      numberPattern: '{register}/{dept}/{yy}/{seq:4}',
      departmentId: world.registryId,
    });
    const firstOfNew = await previewNextNumber(admin, {
      code: ' rik ',
      numberPattern: 'RIK-{yyyy}/{seq}',
    });
    const again = await previewNextNumber(admin, {
      registerId: world.incoming.id,
      code: world.incoming.code,
      numberPattern: world.incoming.numberPattern,
    });

    expect(next).toEqual({
      number: `${world.incoming.code}/${department?.code}/25/0002`,
      sequence: 2,
      date: '2025-04-11',
    });
    expect(firstOfNew.number).toBe('RIK-2025/1');
    expect(again.number).toBe('3-12/2025/2');
    await expect(previewNextNumber(admin, { code: 'X', numberPattern: '{dept}-{nr}' })).rejects.toMatchObject(
      {
        problems: [
          { field: 'numberPattern', message: expect.stringContaining('unknown token {nr}') as unknown },
          { field: 'numberPattern', message: 'must contain {seq} (or {seq:N}) exactly once' },
          { field: 'numberPattern', message: '{dept} needs the register to belong to a department' },
        ],
      },
    );
    await expect(
      previewNextNumber(world.ctx(world.registrar), { code: 'X', numberPattern: '{seq}' }),
    ).rejects.toMatchObject({ name: 'Forbidden' });
  });

  it('changes the owning department, audited with what it was, and numbers follow it', async () => {
    const world = await aRecordsWorld(subject.store);
    const admin = await anAdmin();
    const building = await subject.store.departments.get(world.buildingId);

    const changed = await updateRegister(world.ctx(admin), {
      id: world.internal.id,
      departmentId: world.buildingId,
    });
    const numbered = await registerDocument(world.ctx(world.registrar), {
      registerId: world.internal.id,
      subject: 'Ziņojums',
    });

    expect(changed.departmentId).toBe(world.buildingId);
    expect(numbered.document.registrationNumber).toBe(`${building?.code}-0001`);
    const events = await subject.store.audit.list({ objectType: 'register', objectId: world.internal.id });
    expect(events.at(-1)).toMatchObject({
      action: 'register.updated',
      actorId: admin.id,
      details: {
        changes: { departmentId: world.buildingId },
        before: { departmentId: world.registryId },
      },
    });
  });

  it('refuses taking the department from a pattern that names it, and an unknown department', async () => {
    const world = await aRecordsWorld(subject.store);
    const admin = world.ctx(await anAdmin());

    // One at a time: a refusal not yet awaited while another runs is an unhandled rejection.
    await expect(updateRegister(admin, { id: world.internal.id, departmentId: null })).rejects.toMatchObject({
      problems: [{ field: 'departmentId', message: '{dept} needs the register to belong to a department' }],
    });
    await expect(
      updateRegister(admin, { id: world.incoming.id, departmentId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({
      problems: [{ field: 'departmentId', message: 'no such department' }],
    });
    await expect(
      updateRegister(admin, { id: world.incoming.id, departmentId: 'KANC' }),
    ).rejects.toBeInstanceOf(Invalid);
    // Without {dept} a register may belong to no department.
    const released = await updateRegister(admin, {
      id: world.internal.id,
      numberPattern: 'IEK-{seq:4}',
      departmentId: null,
    });
    expect(released).toMatchObject({ departmentId: null, numberPattern: 'IEK-{seq:4}' });
    expect((await subject.store.registers.get(world.internal.id))?.departmentId).toBeNull();
  });
});
