import { describe, expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../../engine/errors.js';
import type { NewDocument, Register } from '../../../engine/store/ports.js';
import { aRegister, aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

describeEachPort('documents', (subject) => {
  const aDocument = (register: Register, sequence: number, overrides: Partial<NewDocument> = {}) =>
    subject.store.documents.insert({
      registerId: register.id,
      year: 2025,
      sequence,
      registrationNumber: `3-12/2025/${sequence}`,
      registeredOn: '2025-02-14',
      subject: `Iesniegums par ielu apgaismojumu Nr. ${sequence}`,
      ...overrides,
    });

  describe('insert and get', () => {
    it('stores a document with defaults for status and confidentiality', async () => {
      const register = await aRegister(subject.store);
      const registrar = await aUser(subject.store);

      const document = await aDocument(register, 1, { createdBy: registrar.id, dueDate: '2025-03-14' });

      expect(document).toMatchObject({
        registerId: register.id,
        year: 2025,
        sequence: 1,
        registrationNumber: '3-12/2025/1',
        registeredOn: '2025-02-14',
        status: 'registered',
        confidentiality: 'internal',
        dueDate: '2025-03-14',
        createdBy: registrar.id,
        version: 1,
      });
      expect(await subject.store.documents.get(document.id)).toEqual(document);
    });

    it('reads several documents at once, ignoring ids of nothing and ids that are no id', async () => {
      const register = await aRegister(subject.store);
      const first = await aDocument(register, 1);
      const second = await aDocument(register, 2);

      const found = await subject.store.documents.getMany([
        second.id.toUpperCase(),
        first.id,
        first.id,
        '00000000-0000-4000-8000-000000000000',
        'doc',
      ]);

      expect(found.map((d) => d.id).sort()).toEqual([first.id, second.id].sort());
      expect(await subject.store.documents.getMany([])).toEqual([]);
    });

    it('refuses a second document for the same sequence or the same registration number', async () => {
      const register = await aRegister(subject.store);
      await aDocument(register, 1);

      await expect(aDocument(register, 1, { registrationNumber: 'other' })).rejects.toBeInstanceOf(Conflict);
      await expect(aDocument(register, 2, { registrationNumber: '3-12/2025/1' })).rejects.toBeInstanceOf(
        Conflict,
      );
    });

    it('answers null for an unknown document', async () => {
      expect(await subject.store.documents.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    });
  });

  describe('listByRegister', () => {
    it('lists the newest first, a page at a time, with the total', async () => {
      const register = await aRegister(subject.store);
      for (let sequence = 1; sequence <= 5; sequence += 1) await aDocument(register, sequence);
      await aDocument(register, 1, { year: 2024, registrationNumber: '3-12/2024/1' });

      const page = await subject.store.documents.listByRegister(register.id, {
        year: 2025,
        limit: 2,
        offset: 1,
      });

      expect(page.total).toBe(5);
      expect(page.items.map((d) => d.sequence)).toEqual([4, 3]);
      expect((await subject.store.documents.listByRegister(register.id)).total).toBe(6);
    });
  });

  describe('setStatus', () => {
    it('changes the status and bumps the version', async () => {
      const register = await aRegister(subject.store);
      const document = await aDocument(register, 1);

      const updated = await subject.store.documents.setStatus(document.id, 1, 'in_progress');

      expect(updated).toMatchObject({ status: 'in_progress', version: 2 });
    });

    it('refuses a stale version and keeps the stored document', async () => {
      const register = await aRegister(subject.store);
      const document = await aDocument(register, 1);
      await subject.store.documents.setStatus(document.id, 1, 'in_progress');

      await expect(subject.store.documents.setStatus(document.id, 1, 'closed')).rejects.toBeInstanceOf(
        Conflict,
      );
      expect(await subject.store.documents.get(document.id)).toMatchObject({
        status: 'in_progress',
        version: 2,
      });
    });

    it('answers NotFound for an unknown document', async () => {
      await expect(
        subject.store.documents.setStatus('00000000-0000-4000-8000-000000000000', 1, 'closed'),
      ).rejects.toBeInstanceOf(NotFound);
    });
  });
});
