/**
 * Drafts are not registered documents: the register and its search show numbered documents only;
 * a draft is found (filter `drafts`, or a draft's status) and opened only by its author, the people
 * named on it (an approver's routing grant) and heads.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { NotFound } from '../../engine/errors.js';
import { getDocument, searchDocuments } from '../../engine/records/documents.js';
import { viewerOf } from '../../engine/policies/document.js';
import { approveLetter, createDraft, signAndRegister } from '../../engine/records/outgoingLetter.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import type { DocumentRecord } from '../../engine/store/ports.js';
import { describeEachStore } from '../support/testStores.js';
import { aLettersWorld, type LettersWorld, theTask } from './lettersWorld.js';

describeEachStore('drafts in lists, search and the card', (subject) => {
  let w: LettersWorld;
  let registered: DocumentRecord;
  let draft: DocumentRecord;
  let draftInstance: string;
  const numbers = (page: { items: DocumentRecord[] }) => page.items.map((d) => d.id);

  beforeAll(async () => {
    w = await aLettersWorld(subject.store);
    ({ document: registered } = await registerDocument(w.ctx(w.registrar), {
      registerId: w.applications.id,
      subject: 'Iesniegums par ozolu',
      correspondentId: w.correspondentId,
    }));
    // The author drafts a letter for one approver; approverB, of the register's department, is not named.
    const drafted = await createDraft(w.ctx(w.author), {
      registerId: w.outgoing.id,
      subject: 'Atbilde par ozolu',
      body: 'Ozols netiks nozāģēts.',
      correspondentId: w.correspondentId,
      approvers: [w.approverA.username],
    });
    draft = drafted.document;
    draftInstance = drafted.processInstanceId;
  });

  describe('the register and its search', () => {
    it('find registered documents only: a draft is neither found by its words nor counted', async () => {
      const found = await searchDocuments(w.ctx(w.head), { text: 'ozol' });

      expect(numbers(found)).toEqual([registered.id]);
      expect(found.total).toBe(1);
    });

    it("list a register's numbered documents only", async () => {
      const listed = await subject.store.documents.listByRegister(w.outgoing.id);

      expect(listed).toEqual({ items: [], total: 0 });
    });
  });

  describe('the drafts filter', () => {
    it('shows the draft to its author, its approver and a head', async () => {
      for (const person of [w.author, w.approverA, w.head]) {
        const found = await searchDocuments(w.ctx(person), { drafts: true, text: 'ozol' });

        expect(numbers(found)).toEqual([draft.id]);
        expect(found.total).toBe(1);
      }
    });

    it("hides it from a registrar and from a colleague of the register's department", async () => {
      for (const person of [w.registrar, w.approverB, w.colleague]) {
        const found = await searchDocuments(w.ctx(person), { drafts: true });

        expect(found).toEqual({ items: [], total: 0 });
      }
    });

    it("is implied by a draft's status", async () => {
      const { status } = (await subject.store.documents.get(draft.id)) as DocumentRecord;
      expect(['draft', 'in_approval']).toContain(status);

      const found = await searchDocuments(w.ctx(w.author), { status });

      expect(numbers(found)).toEqual([draft.id]);
    });
  });

  describe('the card of a draft', () => {
    it('opens for its author, its approver and a head', async () => {
      for (const person of [w.author, w.approverA, w.head]) {
        expect((await getDocument(w.ctx(person), draft.id)).document.id).toBe(draft.id);
      }
    });

    it('is not found by a registrar or a colleague of the register department, as if it did not exist', async () => {
      for (const person of [w.registrar, w.approverB]) {
        await expect(getDocument(w.ctx(person), draft.id)).rejects.toThrow(NotFound);
      }
    });

    it('is closed by the one access rule that attachments, printing and diagrams also ask', async () => {
      const sees = async (person: typeof w.author) =>
        subject.store.documentAccess.canSee(draft.id, viewerOf(w.ctx(person).actor));

      expect(await Promise.all([w.author, w.approverA, w.head].map(sees))).toEqual([true, true, true]);
      expect(await Promise.all([w.registrar, w.approverB].map(sees))).toEqual([false, false]);
    });
  });

  it('once signed, the letter is a registered document: in the register and its search, no longer a draft', async () => {
    const approval = await theTask(subject.store, draftInstance, 'Approval');
    await approveLetter(w.ctx(w.approverA), { taskId: approval.id, approval: 'approve' });
    const signature = await theTask(subject.store, draftInstance, 'Signature');
    await signAndRegister(w.ctx(w.head), { taskId: signature.id, signature: 'sign' });

    const found = await searchDocuments(w.ctx(w.registrar), { text: 'ozol' });
    const listed = await subject.store.documents.listByRegister(w.outgoing.id);
    const drafts = await searchDocuments(w.ctx(w.author), { drafts: true });

    expect(numbers(found).sort()).toEqual([draft.id, registered.id].sort());
    expect(listed.items.map((d) => d.registrationNumber)).toEqual([`${w.outgoing.code}/2025/1`]);
    expect(drafts.total).toBe(0);
    expect((await getDocument(w.ctx(w.registrar), draft.id)).document.id).toBe(draft.id);
  });
});
