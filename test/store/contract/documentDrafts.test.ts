import { describe, expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../../engine/errors.js';
import type { NewDraftDocument } from '../../../engine/store/recordPorts.js';
import type { Register } from '../../../engine/store/ports.js';
import { aRegister, aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const MISSING = '00000000-0000-4000-8000-000000000000';

describeEachPort('document drafts', (subject) => {
  const aDraft = async (register: Register, overrides: Partial<NewDraftDocument> = {}) =>
    subject.store.documents.insertDraft({
      registerId: register.id,
      draftedOn: '2025-04-14',
      subject: 'Atbilde par ielu apgaismojumu',
      body: 'Paziņojam, ka…',
      documentKind: 'letter',
      correspondentId: null,
      confidentiality: 'internal',
      replyToId: null,
      searchText: 'atbilde par ielu apgaismojumu',
      createdBy: (await aUser(subject.store)).id,
      ...overrides,
    });
  const issued = (sequence: number) => ({
    year: 2025,
    sequence,
    registrationNumber: `3-13/2025/${sequence}`,
    registeredOn: '2025-04-16',
    searchText: `3-13/2025/${sequence} atbilde`,
    status: 'registered',
  });

  describe('insertDraft', () => {
    it('stores a draft without a number, status draft, with its text', async () => {
      const register = await aRegister(subject.store, { kind: 'outgoing' });

      const draft = await aDraft(register);

      expect(draft).toMatchObject({
        status: 'draft',
        sequence: 0,
        registrationNumber: '',
        year: 2025,
        version: 1,
      });
      expect(await subject.store.documents.get(draft.id)).toEqual(draft);
      expect(await subject.store.documents.letterDetails(draft.id)).toEqual({
        body: 'Paziņojam, ka…',
        dispatchedAt: null,
        dueDateExtensionReason: null,
      });
    });

    it("keeps any number of drafts of one register side by side, outside the register's numbered list", async () => {
      const register = await aRegister(subject.store, { kind: 'outgoing' });

      const drafts = [await aDraft(register), await aDraft(register)];

      for (const draft of drafts) expect(await subject.store.documents.get(draft.id)).toEqual(draft);
      expect(await subject.store.documents.listByRegister(register.id)).toEqual({ items: [], total: 0 });
    });
  });

  describe('issueNumber', () => {
    it('gives a draft its number and registration date once', async () => {
      const register = await aRegister(subject.store, { kind: 'outgoing' });
      const draft = await aDraft(register);

      const signed = await subject.store.documents.issueNumber(draft.id, draft.version, issued(1));

      expect(signed).toMatchObject({
        sequence: 1,
        registrationNumber: '3-13/2025/1',
        registeredOn: '2025-04-16',
        status: 'registered',
        version: 2,
      });
      await expect(
        subject.store.documents.issueNumber(draft.id, signed.version, issued(2)),
      ).rejects.toBeInstanceOf(Conflict);
    });

    it('refuses a stale version, a number already used in the register, and an unknown document', async () => {
      const register = await aRegister(subject.store, { kind: 'outgoing' });
      const [first, second] = [await aDraft(register), await aDraft(register)];
      await subject.store.documents.issueNumber(first.id, first.version, issued(1));

      await expect(subject.store.documents.issueNumber(second.id, 7, issued(2))).rejects.toBeInstanceOf(
        Conflict,
      );
      await expect(
        subject.store.documents.issueNumber(second.id, second.version, issued(1)),
      ).rejects.toBeInstanceOf(Conflict);
      await expect(subject.store.documents.issueNumber(MISSING, 1, issued(3))).rejects.toBeInstanceOf(
        NotFound,
      );
      expect((await subject.store.documents.get(second.id))?.sequence).toBe(0);
    });
  });

  describe('recordDispatch and extendDueDate', () => {
    it('records the dispatch once', async () => {
      const register = await aRegister(subject.store, { kind: 'outgoing' });
      const draft = await aDraft(register);
      const at = new Date('2025-04-17T09:30:00.000Z');

      const sent = await subject.store.documents.recordDispatch(draft.id, draft.version, 'post', at);

      expect(sent).toMatchObject({ channel: 'post', version: 2 });
      expect((await subject.store.documents.letterDetails(draft.id))?.dispatchedAt).toEqual(at);
      await expect(
        subject.store.documents.recordDispatch(draft.id, sent.version, 'email', at),
      ).rejects.toBeInstanceOf(Conflict);
    });

    it('extends the due date once, keeping the reason', async () => {
      const register = await aRegister(subject.store, { kind: 'application' });
      const draft = await aDraft(register);

      const extended = await subject.store.documents.extendDueDate(
        draft.id,
        draft.version,
        '2025-06-30',
        'Atzinums',
      );

      expect(extended.dueDate).toBe('2025-06-30');
      expect((await subject.store.documents.letterDetails(draft.id))?.dueDateExtensionReason).toBe(
        'Atzinums',
      );
      await expect(
        subject.store.documents.extendDueDate(draft.id, extended.version, '2025-07-30', 'Vēlreiz'),
      ).rejects.toBeInstanceOf(Conflict);
      expect(await subject.store.documents.letterDetails(MISSING)).toBeNull();
    });
  });

  describe('reviseDraft', () => {
    it("replaces a draft's subject, text and addressee under the version check, never a numbered one's", async () => {
      const register = await aRegister(subject.store, { kind: 'outgoing' });
      const draft = await aDraft(register);
      const addressee = await subject.store.correspondents.insert({ kind: 'organisation', name: 'SIA Ceļi' });

      const revised = await subject.store.documents.reviseDraft(draft.id, draft.version, {
        subject: 'Atbilde par ielu apgaismojumu (precizēta)',
        body: null,
        correspondentId: addressee.id,
        searchText: 'atbilde precizeta',
      });

      expect(revised).toMatchObject({
        subject: 'Atbilde par ielu apgaismojumu (precizēta)',
        correspondentId: addressee.id,
        sequence: 0,
        version: draft.version + 1,
      });
      expect((await subject.store.documents.letterDetails(draft.id))?.body).toBeNull();
      const content = { subject: 'x', body: 'y', correspondentId: null, searchText: 'x' };
      await expect(
        subject.store.documents.reviseDraft(draft.id, draft.version, content),
      ).rejects.toBeInstanceOf(Conflict);
      const signed = await subject.store.documents.issueNumber(draft.id, revised.version, issued(1));
      await expect(
        subject.store.documents.reviseDraft(draft.id, signed.version, content),
      ).rejects.toBeInstanceOf(Conflict);
      await expect(subject.store.documents.reviseDraft(MISSING, 1, content)).rejects.toBeInstanceOf(NotFound);
    });
  });

  describe('attachments.remove', () => {
    it('takes a file off its document once: no longer listed, found or searched; the row stays', async () => {
      const register = await aRegister(subject.store, { kind: 'outgoing' });
      const draft = await aDraft(register);
      const other = await aDraft(register);
      const file = await subject.store.attachments.insert({
        documentId: draft.id,
        sha256: 'a'.repeat(64),
        fileName: 'tāme.txt',
        contentType: 'text/plain',
        size: 3,
        textContent: 'tāme',
        uploadedBy: null,
      });
      const at = new Date('2025-04-15T08:00:00Z');

      expect(await subject.store.attachments.remove(file.id, other.id, null, at)).toBe(false);
      expect(await subject.store.attachments.remove(file.id, draft.id, null, at)).toBe(true);

      expect(await subject.store.attachments.list(draft.id)).toEqual([]);
      expect(await subject.store.attachments.get(file.id)).toBeNull();
      expect(await subject.store.attachments.texts(draft.id)).toEqual([]);
      expect(await subject.store.attachments.remove(file.id, draft.id, null, at)).toBe(false);
      expect(await subject.store.attachments.remove(MISSING, draft.id, null, at)).toBe(false);
    });
  });
});
