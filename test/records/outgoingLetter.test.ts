/** The outgoing letter, end to end: draft without a number, approvals in sequence, signature with the number, dispatch. */
import { expect, it } from '@jest/globals';
import { Forbidden, Invalid } from '../../engine/errors.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import {
  approveLetter,
  createDraft,
  dispatchLetter,
  signAndRegister,
} from '../../engine/records/outgoingLetter.js';
import { completeTask } from '../../engine/workflow/runtime/completeTask.js';
import { describeEachStore } from '../support/testStores.js';
import { aLettersWorld, type LettersWorld, openTasksOf, theTask } from './lettersWorld.js';

describeEachStore('outgoing letter', (subject) => {
  const draftBy = (w: LettersWorld, subjectLine: string, approvers = [w.approverA, w.approverB]) =>
    createDraft(w.ctx(w.author), {
      registerId: w.outgoing.id,
      subject: subjectLine,
      body: 'Atbildot uz Jūsu iesniegumu, paziņojam…',
      correspondentId: w.correspondentId,
      approvers: approvers.map((a) => a.username),
    });
  const approveAll = async (w: LettersWorld, instanceId: string) => {
    for (const approver of [w.approverA, w.approverB]) {
      const task = await theTask(subject.store, instanceId, 'Approval');
      await approveLetter(w.ctx(approver), { taskId: task.id, approval: 'approve' });
    }
  };
  const sign = async (w: LettersWorld, instanceId: string) => {
    const task = await theTask(subject.store, instanceId, 'Signature');
    return signAndRegister(w.ctx(w.head), { taskId: task.id, signature: 'sign' });
  };

  it('runs from a draft without a number through approvals in sequence, a return and rework, signature and dispatch', async () => {
    const w = await aLettersWorld(subject.store);
    const { processInstanceId, document: draft } = await draftBy(w, 'Par pabalsta piešķiršanu');
    expect(draft).toMatchObject({ status: 'draft', registrationNumber: '', sequence: 0 });

    // given the first approver endorses and the second returns the draft
    const first = await theTask(subject.store, processInstanceId, 'Approval');
    expect(first.assignee).toBe(w.approverA.username);
    await approveLetter(w.ctx(w.approverA), { taskId: first.id, approval: 'approve' });
    const second = await theTask(subject.store, processInstanceId, 'Approval');
    expect(second.assignee).toBe(w.approverB.username);
    await approveLetter(w.ctx(w.approverB), {
      taskId: second.id,
      approval: 'return',
      comment: 'Precizēt summu.',
    });

    // when the author reworks it, the round starts again with the first approver
    const rework = await theTask(subject.store, processInstanceId, 'Rework');
    expect(rework.assignee).toBe(w.author.username);
    await completeTask(w.ctx(w.author), { taskId: rework.id, output: { comment: 'Summa precizēta.' } });
    expect((await theTask(subject.store, processInstanceId, 'Approval')).assignee).toBe(w.approverA.username);
    await approveAll(w, processInstanceId);
    expect((await subject.store.documents.get(draft.id))?.sequence).toBe(0);

    // then the head's signature issues the number, and the registry dispatches it
    w.clock.set('2025-04-15T07:00:00.000Z');
    const signed = await sign(w, processInstanceId);
    expect(signed.registrationNumber).toBe(`${w.outgoing.code}/2025/1`);
    expect(await subject.store.documents.get(draft.id)).toMatchObject({
      status: 'registered',
      registrationNumber: `${w.outgoing.code}/2025/1`,
      registeredOn: '2025-04-15',
    });
    const dispatch = await theTask(subject.store, processInstanceId, 'Dispatch');
    await dispatchLetter(w.ctx(w.registrar), { taskId: dispatch.id, channel: 'e_address' });

    expect(await subject.store.documents.get(draft.id)).toMatchObject({
      status: 'dispatched',
      channel: 'e_address',
    });
    expect((await subject.store.documents.letterDetails(draft.id))?.dispatchedAt).toEqual(w.clock.now());
    expect(await subject.store.processInstances.get(processInstanceId)).toMatchObject({
      status: 'completed',
    });
    const actions = (await subject.store.audit.list({ objectId: draft.id })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['document.drafted', 'document.registered', 'document.dispatched']),
    );
  });

  it('issues no number to a draft never signed, and consecutive numbers to letters signed at the same time', async () => {
    const w = await aLettersWorld(subject.store);
    const abandoned = await draftBy(w, 'Netiks parakstīta');
    const letters = [await draftBy(w, 'Pirmā'), await draftBy(w, 'Otrā'), await draftBy(w, 'Trešā')];
    for (const letter of letters) await approveAll(w, letter.processInstanceId);

    const signed = await Promise.all(letters.map((letter) => sign(w, letter.processInstanceId)));

    expect(signed.map((s) => s.registrationNumber).sort()).toEqual(
      [1, 2, 3].map((n) => `${w.outgoing.code}/2025/${n}`),
    );
    expect(await subject.store.documents.get(abandoned.document.id)).toMatchObject({
      sequence: 0,
      registrationNumber: '',
    });
    expect(await subject.store.counters.current(w.outgoing.id, 2025)).toBe(3);
  });

  it('marks the incoming document answered when its reply is dispatched', async () => {
    const w = await aLettersWorld(subject.store);
    const { document: application } = await registerDocument(w.ctx(w.registrar), {
      registerId: w.applications.id,
      subject: 'Iesniegums par malku',
      correspondentId: w.correspondentId,
    });
    const reply = await createDraft(w.ctx(w.registrar), {
      registerId: w.outgoing.id,
      subject: 'Atbilde par malku',
      correspondentId: w.correspondentId,
      replyToId: application.id,
      approvers: [w.approverA.username, w.approverB.username],
    });
    await approveAll(w, reply.processInstanceId);
    await sign(w, reply.processInstanceId);
    expect((await subject.store.documents.get(application.id))?.status).toBe('registered');

    const dispatch = await theTask(subject.store, reply.processInstanceId, 'Dispatch');
    await dispatchLetter(w.ctx(w.registrar), { taskId: dispatch.id, channel: 'post' });

    expect((await subject.store.documents.get(application.id))?.status).toBe('answered');
  });

  it('sends a letter a registrar registers directly (signed on paper) straight to dispatch, numbered at registration', async () => {
    const w = await aLettersWorld(subject.store);

    const { document, processInstanceId } = await registerDocument(w.ctx(w.registrar), {
      registerId: w.outgoing.id,
      subject: 'Parakstīta uz papīra',
      correspondentId: w.correspondentId,
    });

    expect(document.registrationNumber).toBe(`${w.outgoing.code}/2025/1`);
    const open = await openTasksOf(subject.store, processInstanceId ?? '');
    expect(open.map((t) => t.elementId)).toEqual(['Dispatch']);
    await dispatchLetter(w.ctx(w.registrar), { taskId: open[0]?.id ?? '', channel: 'in_person' });
    expect((await subject.store.documents.get(document.id))?.status).toBe('dispatched');
  });

  it('returns to the author from the signature without a number', async () => {
    const w = await aLettersWorld(subject.store);
    const { processInstanceId, document } = await draftBy(w, 'Atgriežama');
    await approveAll(w, processInstanceId);
    const task = await theTask(subject.store, processInstanceId, 'Signature');

    await signAndRegister(w.ctx(w.head), { taskId: task.id, signature: 'return', comment: 'Cits tonis.' });

    expect(await openTasksOf(subject.store, processInstanceId, 'Rework')).toHaveLength(1);
    expect((await subject.store.documents.get(document.id))?.sequence).toBe(0);
  });

  it('refuses a draft without subject, addressee or approvers, in a register that is not outgoing, and stores nothing', async () => {
    const w = await aLettersWorld(subject.store);

    const attempt = createDraft(w.ctx(w.author), {
      registerId: w.applications.id,
      subject: ' ',
      approvers: [],
    });

    await expect(attempt).rejects.toBeInstanceOf(Invalid);
    await expect(attempt).rejects.toMatchObject({
      problems: [
        { field: 'subject', message: 'is required' },
        { field: 'approvers', message: 'name at least one approver' },
        { field: 'correspondentId', message: 'name the addressee' },
      ],
    });
    const wrongRegister = createDraft(w.ctx(w.author), {
      registerId: w.applications.id,
      subject: 'Ne tur',
      correspondentId: w.correspondentId,
      approvers: [w.approverA.username, 'nobody-here'],
    });
    await expect(wrongRegister).rejects.toMatchObject({
      problems: [
        { field: 'registerId', message: 'no such outgoing register' },
        { field: 'approvers', message: 'no such user: nobody-here' },
      ],
    });
    expect((await subject.store.documents.listByRegister(w.outgoing.id)).total).toBe(0);
  });

  it('lets only the head sign, and wants a reason for a return', async () => {
    const w = await aLettersWorld(subject.store);
    const { processInstanceId } = await draftBy(w, 'Paraksta tiesības');
    const first = await theTask(subject.store, processInstanceId, 'Approval');
    await expect(
      approveLetter(w.ctx(w.approverA), { taskId: first.id, approval: 'return' }),
    ).rejects.toMatchObject({
      problems: [{ field: 'comment', message: 'say what the author should change' }],
    });
    await approveAll(w, processInstanceId);
    const task = await theTask(subject.store, processInstanceId, 'Signature');

    await expect(
      signAndRegister(w.ctx(w.registrar), { taskId: task.id, signature: 'sign' }),
    ).rejects.toBeInstanceOf(Forbidden);
    expect(await openTasksOf(subject.store, processInstanceId, 'Signature')).toHaveLength(1);
  });
});
