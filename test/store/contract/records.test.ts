import { describe, expect, it } from '@jest/globals';
import { Conflict, Invalid } from '../../../engine/errors.js';
import { documentSearchText } from '../../../engine/records/searchText.js';
import type { NewDocument, Register, Repositories } from '../../../engine/store/ports.js';
import type { DocumentViewer } from '../../../engine/store/recordPorts.js';
import { aRegister, aUser, uniqueCode } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

let sequence = 0;
function aDocument(repos: Repositories, register: Register, overrides: Partial<NewDocument> = {}) {
  sequence += 1;
  const registrationNumber = `${register.code}/${sequence}`;
  const subject = overrides.subject ?? `Iesniegums Nr. ${sequence}`;
  return repos.documents.insert({
    registerId: register.id,
    year: 2025,
    sequence,
    registrationNumber,
    registeredOn: '2025-03-10',
    subject,
    searchText: documentSearchText([registrationNumber, subject]),
    ...overrides,
  });
}

describeEachPort('records', (subject) => {
  describe('correspondents', () => {
    it('finds a correspondent by part of the name whatever the case and diacritics, or by code', async () => {
      const code = uniqueCode('40003');
      const person = await subject.store.correspondents.insert({
        kind: 'person',
        name: 'Jānis Bērziņš',
        registrationCode: code,
        email: 'janis@example.lv',
      });
      const company = await subject.store.correspondents.insert({
        kind: 'organisation',
        name: 'SIA "Bērziņi"',
      });

      expect((await subject.store.correspondents.find('berzin')).map((c) => c.id)).toEqual(
        expect.arrayContaining([person.id, company.id]),
      );
      expect((await subject.store.correspondents.find('JĀNIS BĒR')).map((c) => c.id)).toContain(person.id);
      expect((await subject.store.correspondents.find(code)).map((c) => c.id)).toEqual([person.id]);
      expect(await subject.store.correspondents.get(person.id)).toEqual(person);
    });

    it('treats percent and underscore in a look-up as text', async () => {
      await subject.store.correspondents.insert({ kind: 'organisation', name: 'AS 100_procenti' });
      expect(await subject.store.correspondents.find('%')).toEqual([]);
      expect((await subject.store.correspondents.find('100_p')).map((c) => c.name)).toEqual([
        'AS 100_procenti',
      ]);
    });
  });

  describe('case files', () => {
    it('stores the nomenclature with its retention and refuses the same index twice in a year', async () => {
      const indexCode = uniqueCode('3-12');
      const caseFile = await subject.store.caseFiles.insert({
        indexCode,
        title: 'Iedzīvotāju iesniegumi',
        retention: 'long',
        retentionYears: 75,
        year: 2025,
      });

      expect(await subject.store.caseFiles.get(caseFile.id)).toEqual(caseFile);
      expect(await subject.store.caseFiles.list({ year: 2025 })).toContainEqual(caseFile);
      await expect(
        subject.store.caseFiles.insert({ indexCode, title: 'Cits', retention: 'permanent', year: 2025 }),
      ).rejects.toBeInstanceOf(Conflict);
    });

    it('refuses a retention period that does not fit its class', async () => {
      await expect(
        subject.store.caseFiles.insert({
          indexCode: uniqueCode('1'),
          title: 'Rēķini',
          retention: 'short',
          retentionYears: 25,
          year: 2025,
        }),
      ).rejects.toBeInstanceOf(Invalid);
    });
  });

  describe('document access and search', () => {
    async function world() {
      const registry = await subject.store.departments.insert({
        code: uniqueCode('KANC'),
        name: 'Kanceleja',
      });
      const building = await subject.store.departments.insert({ code: uniqueCode('BUV'), name: 'Būvvalde' });
      const register = await aRegister(subject.store, { departmentId: registry.id });
      const registrar = await aUser(subject.store, { roles: ['registrar'], departmentId: registry.id });
      const executor = await aUser(subject.store, { roles: ['executor'], departmentId: building.id });
      const outsider = await aUser(subject.store, { roles: ['executor'], departmentId: building.id });
      const viewer = (
        user: { id: string; departmentId: string | null },
        seesAll = false,
      ): DocumentViewer => ({
        userId: user.id,
        departmentId: user.departmentId,
        seesAllUnrestricted: seesAll,
      });
      return { registry, building, register, registrar, executor, outsider, viewer };
    }

    it('shows an internal document to its register department, the departments it is routed to, and the roles that see all', async () => {
      const w = await world();
      const document = await aDocument(subject.store, w.register, { createdBy: w.registrar.id });

      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(w.outsider))).toBe(false);
      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(w.outsider, true))).toBe(true);
      const colleague = await aUser(subject.store, { departmentId: w.registry.id });
      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(colleague))).toBe(true);

      await subject.store.documentAccess.grant({
        documentId: document.id,
        userId: null,
        departmentId: w.building.id,
        reason: 'routed',
        grantedBy: w.registrar.id,
      });

      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(w.outsider))).toBe(true);
    });

    it('grants routed access to users by username and departments by code in one call, skipping unknown names and repeats', async () => {
      const w = await world();
      const document = await aDocument(subject.store, w.register, { createdBy: w.registrar.id });

      const to = {
        usernames: [w.executor.username.toUpperCase(), 'nobody'],
        departmentCodes: [w.building.code, 'NONE'],
      };
      await subject.store.documentAccess.grantRouted(document.id, to, w.registrar.id);
      await subject.store.documentAccess.grantRouted(document.id, to, null);

      const grants = await subject.store.documentAccess.list(document.id);
      expect(
        grants.map(({ userId, departmentId, reason, grantedBy }) => ({
          userId,
          departmentId,
          reason,
          grantedBy,
        })),
      ).toEqual(
        expect.arrayContaining([
          { userId: w.executor.id, departmentId: null, reason: 'routed', grantedBy: w.registrar.id },
          { userId: null, departmentId: w.building.id, reason: 'routed', grantedBy: w.registrar.id },
        ]),
      );
      expect(grants).toHaveLength(2);
      // A business key that is no document grants nothing and is no error.
      await subject.store.documentAccess.grantRouted('7f1a8f6e-8b0e-4c55-9d54-0a8d4e1f2b3c', to, null);
    });

    it('shows a restricted document only to its registrar and the people named on it', async () => {
      const w = await world();
      const document = await aDocument(subject.store, w.register, {
        createdBy: w.registrar.id,
        confidentiality: 'restricted',
      });
      await subject.store.documentAccess.grant({
        documentId: document.id,
        userId: w.executor.id,
        departmentId: null,
        reason: 'reader',
        grantedBy: w.registrar.id,
      });
      await subject.store.documentAccess.grant({
        documentId: document.id,
        userId: null,
        departmentId: w.building.id,
        reason: 'routed',
        grantedBy: w.registrar.id,
      });

      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(w.registrar))).toBe(true);
      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(w.executor))).toBe(true);
      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(w.outsider))).toBe(false);
      expect(await subject.store.documentAccess.canSee(document.id, w.viewer(w.outsider, true))).toBe(false);
    });

    it('searches words by prefix ignoring diacritics, and only among documents the viewer may see', async () => {
      const w = await world();
      const visible = await aDocument(subject.store, w.register, {
        subject: 'Par ielu apgaismojumu Ādažos',
        createdBy: w.registrar.id,
      });
      await aDocument(subject.store, w.register, {
        subject: 'Par ielu apgaismojumu Carnikavā (ierobežots)',
        confidentiality: 'restricted',
        createdBy: w.registrar.id,
      });

      const forRegistrar = await subject.store.documents.search(
        { text: 'apgaism adaz' },
        w.viewer(w.registrar),
      );
      const forOutsider = await subject.store.documents.search(
        { text: 'apgaism' },
        w.viewer(w.outsider, true),
      );

      expect(forRegistrar.items.map((d) => d.id)).toEqual([visible.id]);
      expect(forOutsider.items.map((d) => d.subject)).toContain('Par ielu apgaismojumu Ādažos');
      expect(forOutsider.items.map((d) => d.subject)).not.toContain(
        'Par ielu apgaismojumu Carnikavā (ierobežots)',
      );
    });

    it('finds a word from inside other words, with every word of the search required', async () => {
      const w = await world();
      const lighting = await aDocument(subject.store, w.register, {
        subject: 'Par ielu apgaismojumu Ādažos',
        createdBy: w.registrar.id,
      });
      await aDocument(subject.store, w.register, { subject: 'Par ceļa remontu', createdBy: w.registrar.id });

      const inside = await subject.store.documents.search({ text: 'gaismojum' }, w.viewer(w.registrar));
      const twoWords = await subject.store.documents.search({ text: 'GAISMOJ dazos' }, w.viewer(w.registrar));
      const shortPrefix = await subject.store.documents.search({ text: 'ie gaismo' }, w.viewer(w.registrar));
      const oneMissing = await subject.store.documents.search(
        { text: 'gaismojum remont' },
        w.viewer(w.registrar),
      );

      expect(inside.items.map((d) => d.id)).toEqual([lighting.id]);
      expect(twoWords.items.map((d) => d.id)).toEqual([lighting.id]);
      expect(shortPrefix.items.map((d) => d.id)).toEqual([lighting.id]);
      expect(oneMissing.items).toEqual([]);
    });

    it('finds a document by the beginning of its registration number', async () => {
      const w = await world();
      const document = await aDocument(subject.store, w.register, { createdBy: w.registrar.id });

      const found = await subject.store.documents.search(
        { text: document.registrationNumber.toLowerCase() },
        w.viewer(w.registrar),
      );

      expect(found.items.map((d) => d.id)).toEqual([document.id]);
    });

    it('filters by register, period, status, department, executor and overdue, with paging and total', async () => {
      const w = await world();
      const early = await aDocument(subject.store, w.register, {
        registeredOn: '2025-01-05',
        dueDate: '2025-02-05',
      });
      const late = await aDocument(subject.store, w.register, {
        registeredOn: '2025-06-05',
        dueDate: '2025-07-05',
      });
      await subject.store.documentAccess.grant({
        documentId: late.id,
        userId: w.executor.id,
        departmentId: null,
        reason: 'routed',
        grantedBy: null,
      });
      const all = w.viewer(w.registrar, true);
      const ids = async (filter: Parameters<Repositories['documents']['search']>[0]) =>
        (await subject.store.documents.search({ registerId: w.register.id, ...filter }, all)).items.map(
          (d) => d.id,
        );

      expect(await ids({ from: '2025-06-01', to: '2025-06-30' })).toEqual([late.id]);
      expect(await ids({ executorId: w.executor.id })).toEqual([late.id]);
      expect(await ids({ overdueOn: '2025-03-01' })).toEqual([early.id]);
      expect(await ids({ status: 'registered' })).toEqual([late.id, early.id]);
      expect(await ids({ departmentId: w.building.id })).toEqual([]);
      expect(await ids({ departmentId: w.registry.id })).toEqual([late.id, early.id]);
      const page = await subject.store.documents.search(
        { registerId: w.register.id, limit: 1, offset: 1 },
        all,
      );
      expect(page).toMatchObject({ total: 2, items: [{ id: early.id }] });
    });

    it('links related documents both ways', async () => {
      const w = await world();
      const letter = await aDocument(subject.store, w.register);
      const reply = await aDocument(subject.store, w.register, { replyToId: letter.id });

      await subject.store.documentAccess.link(reply.id, letter.id);

      expect(reply.replyToId).toBe(letter.id);
      expect(await subject.store.documentAccess.links(letter.id)).toEqual([reply.id]);
      expect(await subject.store.documentAccess.links(reply.id)).toEqual([letter.id]);
    });
  });
});
