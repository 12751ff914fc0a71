/**
 * A returned outgoing draft is revised by its author: subject, text, addressee and files change in
 * the rework, each revision is recorded (audit trail, thread), the approvers are told and see what
 * changed since they last reviewed it; a refused rework changes nothing.
 */
import { Readable } from 'node:stream';
import { expect, it } from '@jest/globals';
import { Forbidden, Invalid } from '../../engine/errors.js';
import { prepareAttachment } from '../../engine/records/attachments.js';
import { draftChangesForReviewer, letterOfTask, reworkDraft } from '../../engine/records/draftRevision.js';
import { approveLetter, createDraft, signAndRegister } from '../../engine/records/outgoingLetter.js';
import { wordDiff } from '../../engine/records/wordDiff.js';
import type { Store } from '../../engine/store/ports.js';
import { describeEachStore } from '../support/testStores.js';
import { aLettersWorld, type LettersWorld, theTask } from './lettersWorld.js';

const file = (store: Store, fileName: string, text: string) =>
  prepareAttachment(store, { fileName, content: Readable.from([Buffer.from(text)]) });

describeEachStore('draft revision', (subject) => {
  /** A draft with one file, endorsed by A and returned by B with a reason. */
  async function aReturnedDraft(w: LettersWorld) {
    const drafted = await createDraft(w.ctx(w.author), {
      registerId: w.outgoing.id,
      subject: 'Par pabalsta piešķiršanu',
      body: 'Piešķirt pabalstu 100 euro apmērā.',
      correspondentId: w.correspondentId,
      approvers: [w.approverA.username, w.approverB.username],
      attachments: [await file(subject.store, 'aprēķins.txt', 'summa 100')],
    });
    const id = drafted.processInstanceId;
    await approveLetter(w.ctx(w.approverA), {
      taskId: (await theTask(subject.store, id, 'Approval')).id,
      approval: 'approve',
    });
    w.clock.advance(60_000);
    await approveLetter(w.ctx(w.approverB), {
      taskId: (await theTask(subject.store, id, 'Approval')).id,
      approval: 'return',
      comment: 'Precizēt summu.',
    });
    w.clock.advance(60_000);
    return { ...drafted, rework: await theTask(subject.store, id, 'Rework') };
  }

  it('tells the author the draft was returned, with the reason, in the thread and the notification', async () => {
    const w = await aLettersWorld(subject.store);
    const { document, rework } = await aReturnedDraft(w);

    const thread = await subject.store.taskComments.listByDocument(document.id);
    expect(thread.map((n) => [n.kind, n.body])).toEqual([['returned', 'Precizēt summu.']]);
    const notes = await subject.store.notifications.listFor(w.author.id as string);
    expect(notes.find((n) => n.taskId === rework.id)).toMatchObject({
      kind: 'task_returned',
      params: expect.objectContaining({ comment: 'Precizēt summu.' }),
    });
  });

  it('revises subject, text, addressee and files, records the version, and shows each approver what changed', async () => {
    const w = await aLettersWorld(subject.store);
    const { document, rework, processInstanceId } = await aReturnedDraft(w);
    const [oldFile] = await subject.store.attachments.list(document.id);

    const done = await reworkDraft(w.ctx(w.author), {
      taskId: rework.id,
      subject: 'Par pabalsta piešķiršanu 2025. gadā',
      body: 'Piešķirt pabalstu 120 euro apmērā.',
      correspondent: { kind: 'organisation', name: 'SIA Ceļi' },
      removeAttachmentIds: [oldFile?.id as string],
      attachments: [await file(subject.store, 'aprēķins-2.txt', 'summa 120')],
      comment: 'Summa precizēta.',
    });

    // the draft is changed, still without a number
    expect(done.revision).toMatchObject({
      revision: 2,
      subject: { from: 'Par pabalsta piešķiršanu', to: 'Par pabalsta piešķiršanu 2025. gadā' },
      body: { from: 'Piešķirt pabalstu 100 euro apmērā.', to: 'Piešķirt pabalstu 120 euro apmērā.' },
      correspondent: { from: 'Anna Bērziņa', to: 'SIA Ceļi' },
      attachmentsAdded: [expect.objectContaining({ fileName: 'aprēķins-2.txt' })],
      attachmentsRemoved: [{ id: oldFile?.id, fileName: 'aprēķins.txt' }],
    });
    const revised = await subject.store.documents.get(document.id);
    expect(revised).toMatchObject({ subject: 'Par pabalsta piešķiršanu 2025. gadā', sequence: 0 });
    expect((await subject.store.documents.letterDetails(document.id))?.body).toBe(
      'Piešķirt pabalstu 120 euro apmērā.',
    );
    expect((await subject.store.attachments.list(document.id)).map((a) => a.fileName)).toEqual([
      'aprēķins-2.txt',
    ]);
    expect(await subject.store.attachments.get(oldFile?.id as string)).toBeNull();

    // the audit trail and the thread keep the version
    const actions = (await subject.store.audit.list({ objectId: document.id })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['document.draft_revised', 'attachment.removed', 'document.reworked']),
    );
    const thread = await subject.store.taskComments.listByDocument(document.id);
    expect(thread.at(-1)).toMatchObject({ kind: 'revised', body: 'Summa precizēta.' });

    // the first approver is told it was revised for another review, and sees what changed
    const again = await theTask(subject.store, processInstanceId, 'Approval');
    expect(again.assignee).toBe(w.approverA.username);
    const told = (await subject.store.notifications.listFor(w.approverA.id as string)).find(
      (n) => n.taskId === again.id,
    );
    expect(told).toMatchObject({
      kind: 'draft_revised',
      params: expect.objectContaining({ comment: 'Summa precizēta.' }),
    });
    const changes = await draftChangesForReviewer(w.ctx(w.approverA), again, w.approverA.username);
    expect(changes).toMatchObject({
      revisions: 1,
      subject: { from: 'Par pabalsta piešķiršanu', to: 'Par pabalsta piešķiršanu 2025. gadā' },
      correspondent: { from: 'Anna Bērziņa', to: 'SIA Ceļi' },
      attachmentsAdded: ['aprēķins-2.txt'],
      attachmentsRemoved: ['aprēķins.txt'],
    });
    expect(changes?.body?.diff).toEqual([
      { kind: 'same', text: 'Piešķirt pabalstu ' },
      { kind: 'removed', text: '100 ' },
      { kind: 'added', text: '120 ' },
      { kind: 'same', text: 'euro apmērā.' },
    ]);
    const letter = await letterOfTask(w.ctx(w.approverA), again);
    expect(letter).toMatchObject({
      body: 'Piešķirt pabalstu 120 euro apmērā.',
      addressee: { name: 'SIA Ceļi' },
    });

    // the approver who returned it sees the change too; the head, who never reviewed it, does not
    await approveLetter(w.ctx(w.approverA), { taskId: again.id, approval: 'approve' });
    const second = await theTask(subject.store, processInstanceId, 'Approval');
    expect(await draftChangesForReviewer(w.ctx(w.approverB), second, w.approverB.username)).toMatchObject({
      subject: { to: 'Par pabalsta piešķiršanu 2025. gadā' },
    });
    await approveLetter(w.ctx(w.approverB), { taskId: second.id, approval: 'approve' });
    const signature = await theTask(subject.store, processInstanceId, 'Signature');
    expect(await draftChangesForReviewer(w.ctx(w.head), signature, w.head.username)).toBeNull();

    // and the revised letter is what gets signed and numbered
    const signed = await signAndRegister(w.ctx(w.head), { taskId: signature.id, signature: 'sign' });
    expect(signed.registrationNumber).toBe(`${w.outgoing.code}/2025/1`);
    expect(await subject.store.documents.get(document.id)).toMatchObject({
      subject: 'Par pabalsta piešķiršanu 2025. gadā',
      registrationNumber: `${w.outgoing.code}/2025/1`,
    });
  });

  it('refuses invalid input naming the field, someone other than the author, and a rework that changes nothing without a word; nothing changes', async () => {
    const w = await aLettersWorld(subject.store);
    const { document, rework } = await aReturnedDraft(w);
    const versionBefore = (await subject.store.documents.get(document.id))?.version;

    await expect(reworkDraft(w.ctx(w.author), { taskId: rework.id, subject: ' ' })).rejects.toMatchObject({
      problems: [{ field: 'subject', message: 'is required' }],
    });
    await expect(
      reworkDraft(w.ctx(w.author), {
        taskId: rework.id,
        subject: 'Cits',
        removeAttachmentIds: ['00000000-0000-4000-8000-000000000000'],
      }),
    ).rejects.toMatchObject({
      problems: [
        {
          field: 'removeAttachmentIds',
          message: 'no such file of this draft: 00000000-0000-4000-8000-000000000000',
        },
      ],
    });
    await expect(reworkDraft(w.ctx(w.author), { taskId: rework.id })).rejects.toMatchObject({
      problems: [{ field: 'comment', message: 'change the draft or say why it stands as it is' }],
    });
    await expect(
      reworkDraft(w.ctx(w.colleague), { taskId: rework.id, subject: 'Svešs labojums' }),
    ).rejects.toBeInstanceOf(Forbidden);
    const approval = await subject.store.tasks.listByInstance(rework.instanceId);
    await expect(
      reworkDraft(w.ctx(w.approverA), { taskId: approval[0]?.id as string, subject: 'x' }),
    ).rejects.toBeInstanceOf(Invalid);

    expect(await subject.store.documents.get(document.id)).toMatchObject({
      subject: 'Par pabalsta piešķiršanu',
      version: versionBefore,
    });
    expect((await subject.store.tasks.get(rework.id))?.status).toBe('open');
    expect((await subject.store.attachments.list(document.id)).map((a) => a.fileName)).toEqual([
      'aprēķins.txt',
    ]);
  });

  it('sends the draft back unchanged with a comment, recording no new version', async () => {
    const w = await aLettersWorld(subject.store);
    const { document, rework } = await aReturnedDraft(w);

    const done = await reworkDraft(w.ctx(w.author), { taskId: rework.id, comment: 'Summa ir pareiza.' });

    expect(done.revision).toBeNull();
    const actions = (await subject.store.audit.list({ objectId: document.id })).map((e) => e.action);
    expect(actions).not.toContain('document.draft_revised');
  });
});

it('compares texts word by word', () => {
  expect(wordDiff('a b c', 'a x c')).toEqual([
    { kind: 'same', text: 'a ' },
    { kind: 'removed', text: 'b ' },
    { kind: 'added', text: 'x ' },
    { kind: 'same', text: 'c' },
  ]);
  expect(wordDiff('', 'jauns teksts')).toEqual([{ kind: 'added', text: 'jauns teksts' }]);
});
