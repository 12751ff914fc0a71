import { describe, expect, it } from '@jest/globals';
import { Conflict, Forbidden, Invalid } from '../../engine/errors.js';
import { createCaseFile, fileDocument } from '../../engine/records/caseFiles.js';
import {
  findCorrespondents,
  getCorrespondentCard,
  maskPersonalCode,
} from '../../engine/records/correspondents.js';
import { searchDocuments } from '../../engine/records/documents.js';
import { createRegister, listRegisters, updateRegister } from '../../engine/records/registers.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { actorFromUser } from '../../engine/context.js';
import { uniqueCode } from '../support/builders.js';
import { describeEachStore } from '../support/testStores.js';
import { aRecordsWorld } from './recordsWorld.js';

describeEachStore('records use cases', (subject) => {
  const anAdmin = async () =>
    actorFromUser(
      await subject.store.users.insert({
        username: uniqueCode('admin'),
        displayName: 'Andris Krūmiņš',
        roles: ['admin'],
        source: 'local',
      }),
    );

  describe('createRegister', () => {
    it('creates a register for an administrator and records it in the audit trail', async () => {
      const world = await aRecordsWorld(subject.store);
      const admin = await anAdmin();
      const code = uniqueCode('RIK');

      const register = await createRegister(world.ctx(admin), {
        code,
        name: 'Rīkojumi',
        kind: 'order',
        numberPattern: '{dept}/1-10-1/{yy}/{seq}',
        departmentId: world.registryId,
        answerDeadlineRule: 'p15wd',
      });

      expect(register).toMatchObject({
        code: code.toUpperCase(),
        kind: 'order',
        answerDeadlineRule: 'P15WD',
        yearlyReset: true,
      });
      expect(await listRegisters(world.ctx(world.registrar))).toContainEqual(register);
      const [event] = await subject.store.audit.list({ objectType: 'register', objectId: register.id });
      expect(event).toMatchObject({ action: 'register.created', actorId: admin.id });
    });

    it('lists every problem of a bad register', async () => {
      const world = await aRecordsWorld(subject.store);

      const attempt = createRegister(world.ctx(await anAdmin()), {
        code: 'IEN 2',
        name: '',
        kind: 'secret',
        numberPattern: '{yyyy}/{nr}',
        answerDeadlineRule: 'one month',
      });

      await expect(attempt).rejects.toMatchObject({
        problems: [
          { field: 'code', message: 'may hold letters, digits, dot, dash and underscore' },
          { field: 'name', message: 'is required' },
          { field: 'kind', message: 'must be one of incoming, outgoing, internal, order, application' },
          {
            field: 'numberPattern',
            message: 'unknown token {nr}; use {seq}, {seq:4}, {yyyy}, {yy}, {register}, {dept}',
          },
          { field: 'numberPattern', message: 'must contain {seq} (or {seq:N}) exactly once' },
          {
            field: 'answerDeadlineRule',
            message:
              '"one month" is not a deadline: write P30D (days), P2W (weeks), P1M (months), P1Y or P15WD (working days)',
          },
        ],
      });
    });

    it('changes a register, and an inactive register takes no new documents', async () => {
      const world = await aRecordsWorld(subject.store);
      const admin = await anAdmin();

      const changed = await updateRegister(world.ctx(admin), {
        id: world.internal.id,
        name: 'Dienesta ziņojumi',
        numberPattern: 'DZ-{seq:3}',
        answerDeadlineRule: 'p5wd',
      });
      const numbered = await registerDocument(world.ctx(world.registrar), {
        registerId: world.internal.id,
        subject: 'Ziņojums',
      });
      await updateRegister(world.ctx(admin), { id: world.internal.id, active: false });

      expect(changed).toMatchObject({
        name: 'Dienesta ziņojumi',
        numberPattern: 'DZ-{seq:3}',
        answerDeadlineRule: 'P5WD',
      });
      expect(numbered.document.registrationNumber).toBe('DZ-001');
      await expect(
        registerDocument(world.ctx(world.registrar), { registerId: world.internal.id, subject: 'Vēl viens' }),
      ).rejects.toMatchObject({ problems: [{ field: 'registerId', message: 'no such register' }] });
      await expect(
        updateRegister(world.ctx(admin), { id: world.internal.id, numberPattern: 'no sequence' }),
      ).rejects.toBeInstanceOf(Invalid);
      const events = await subject.store.audit.list({ objectType: 'register', objectId: world.internal.id });
      expect(events.map((e) => e.action)).toEqual(['register.updated', 'register.updated']);
    });

    it('is for administrators only', async () => {
      const world = await aRecordsWorld(subject.store);
      await expect(
        createRegister(world.ctx(world.registrar), {
          code: 'X',
          name: 'X',
          kind: 'incoming',
          numberPattern: '{seq}',
        }),
      ).rejects.toBeInstanceOf(Forbidden);
    });
  });

  describe('case files', () => {
    it('files a document into a case of its year, with a version check and an audit event', async () => {
      const world = await aRecordsWorld(subject.store);
      const caseFile = await createCaseFile(world.ctx(await anAdmin()), {
        indexCode: uniqueCode('3-12'),
        title: 'Iedzīvotāju iesniegumi un atbildes',
        retention: 'long',
        retentionYears: 75,
        year: 2025,
        departmentId: world.registryId,
      });
      const { document } = await registerDocument(world.ctx(world.registrar), {
        registerId: world.incoming.id,
        subject: 'Iesniegums',
      });

      const filed = await fileDocument(world.ctx(world.registrar), {
        documentId: document.id,
        caseFileId: caseFile.id,
        expectedVersion: document.version,
      });

      expect(filed).toMatchObject({ caseFileId: caseFile.id, version: document.version + 1 });
      await expect(
        fileDocument(world.ctx(world.registrar), {
          documentId: document.id,
          caseFileId: null,
          expectedVersion: document.version,
        }),
      ).rejects.toBeInstanceOf(Conflict);
      const events = await subject.store.audit.list({ objectType: 'document', objectId: document.id });
      expect(events.map((e) => e.action)).toContain('document.filed');
    });

    it('refuses a retention period that does not fit its class', async () => {
      const world = await aRecordsWorld(subject.store);
      await expect(
        createCaseFile(world.ctx(await anAdmin()), {
          indexCode: '1-1',
          title: 'Rēķini',
          retention: 'short',
          retentionYears: 20,
          year: 2025,
        }),
      ).rejects.toMatchObject({
        problems: [{ field: 'retentionYears', message: 'must be 1 to 10 years for short-term files' }],
      });
    });
  });

  describe('correspondents', () => {
    it('masks personal codes in look-ups and lists every visible document on the card', async () => {
      const world = await aRecordsWorld(subject.store);
      const name = `Līga ${uniqueCode('Ozoliņa')}`;
      const first = await registerDocument(world.ctx(world.registrar), {
        registerId: world.incoming.id,
        subject: 'Iesniegums par koku ciršanu',
        correspondent: { kind: 'person', name, registrationCode: '150385-11223' },
      });
      const correspondentId = first.correspondent?.id ?? '';
      await registerDocument(world.ctx(world.registrar), {
        registerId: world.incoming.id,
        subject: 'Atkārtots iesniegums',
        correspondentId,
      });

      const found = await findCorrespondents(
        world.ctx(world.registrar),
        name.toLowerCase().replace('ī', 'i'),
      );
      const card = await getCorrespondentCard(world.ctx(world.registrar), { id: correspondentId });

      expect(found.map((c) => c.registrationCode)).toEqual(['150385-*****']);
      expect(card.documents.total).toBe(2);
      expect(card.correspondent.registrationCode).toBe('150385-11223');
    });

    it('masks the second half of short codes too', () => {
      expect(maskPersonalCode('12345678')).toBe('1234****');
    });
  });

  describe('searchDocuments', () => {
    it('refuses filters that are not what they claim to be', async () => {
      const world = await aRecordsWorld(subject.store);

      const attempt = searchDocuments(world.ctx(world.registrar), {
        registerId: 'IEN',
        from: '2025-13-01',
        limit: 0,
      });

      await expect(attempt).rejects.toBeInstanceOf(Invalid);
      await expect(attempt).rejects.toMatchObject({
        problems: [
          { field: 'registerId', message: 'is not an id' },
          { field: 'from', message: '"2025-13-01" is not a date (YYYY-MM-DD)' },
          { field: 'limit', message: 'must be from 1 to 500' },
        ],
      });
    });

    it('finds for an executor only what was routed to him', async () => {
      const world = await aRecordsWorld(subject.store);
      const routed = await registerDocument(world.ctx(world.registrar), {
        registerId: world.incoming.id,
        subject: 'Būvatļauja Kalnu ielā 5',
      });
      await registerDocument(world.ctx(world.registrar), {
        registerId: world.incoming.id,
        subject: 'Būvatļauja Meža ielā 7',
      });
      await subject.store.documentAccess.grant({
        documentId: routed.document.id,
        userId: world.executor.id,
        departmentId: null,
        reason: 'routed',
        grantedBy: world.registrar.id,
      });

      const result = await searchDocuments(world.ctx(world.executor), { text: 'buvatl' });

      expect(result.items.map((d) => d.id)).toEqual([routed.document.id]);
    });
  });
});
