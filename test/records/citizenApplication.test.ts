/** The citizen application, end to end: legal deadline, one extension that the reminders follow, an answer before closing. */
import { expect, it } from '@jest/globals';
import { Conflict, Forbidden, Invalid } from '../../engine/errors.js';
import { reportApplication } from '../../engine/records/applicationAnswer.js';
import { extendDeadline } from '../../engine/records/applicationDeadline.js';
import {
  approveLetter,
  createDraft,
  dispatchLetter,
  signAndRegister,
} from '../../engine/records/outgoingLetter.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { writeResolution } from '../../engine/records/resolution.js';
import { completeTask } from '../../engine/workflow/runtime/completeTask.js';
import { runDueJobs } from '../../engine/workflow/scheduler/runDueJobs.js';
import { loadTaskForm } from '../../engine/records/taskForm.js';
import { validateTaskForm } from '../../web/pages/tasks/taskFormValidation.js';
import { describeEachStore } from '../support/testStores.js';
import { aLettersWorld, type LettersWorld, openTasksOf, theTask } from './lettersWorld.js';

describeEachStore('citizen application', (subject) => {
  const status = async (id: string) => (await subject.store.documents.get(id))?.status;

  /** Registered on Monday 14 April 2025 (due P1M: 14 May), resolved for execution by 30 April. */
  async function anApplicationInExecution(w: LettersWorld) {
    const { document, processInstanceId } = await registerDocument(w.ctx(w.registrar), {
      registerId: w.applications.id,
      subject: 'Iesniegums par sociālo pabalstu',
      correspondentId: w.correspondentId,
    });
    const resolution = await theTask(subject.store, processInstanceId ?? '', 'Resolution');
    await writeResolution(w.ctx(w.head), {
      taskId: resolution.id,
      decision: 'execute',
      executors: [w.author.username],
      responsible: w.author.username,
      controller: w.head.username,
      deadline: '2025-04-30',
      text: 'Izskatīt un atbildēt.',
    });
    return { document, instanceId: processInstanceId ?? '' };
  }

  /** The answer drafted by the executor, approved, signed and dispatched. */
  async function anAnswerTo(w: LettersWorld, applicationId: string): Promise<string> {
    const { registrationNumber, dispatch } = await aSignedAnswerTo(w, applicationId);
    await dispatch();
    return registrationNumber;
  }

  /** The answer drafted by the executor, approved and signed; `dispatch` sends it. */
  async function aSignedAnswerTo(w: LettersWorld, applicationId: string) {
    const reply = await createDraft(w.ctx(w.author), {
      registerId: w.outgoing.id,
      subject: 'Atbilde par sociālo pabalstu',
      correspondentId: w.correspondentId,
      replyToId: applicationId,
      approvers: [w.approverA.username],
    });
    const approval = await theTask(subject.store, reply.processInstanceId, 'Approval');
    await approveLetter(w.ctx(w.approverA), { taskId: approval.id, approval: 'approve' });
    const signature = await theTask(subject.store, reply.processInstanceId, 'Signature');
    const { registrationNumber } = await signAndRegister(w.ctx(w.head), {
      taskId: signature.id,
      signature: 'sign',
    });
    const dispatch = async (channel = 'e_address') => {
      const task = await theTask(subject.store, reply.processInstanceId, 'Dispatch');
      await dispatchLetter(w.ctx(w.registrar), { taskId: task.id, channel });
    };
    return { registrationNumber: registrationNumber ?? '', dispatch };
  }

  it('takes the legal deadline of its register and goes in progress on the resolution', async () => {
    const w = await aLettersWorld(subject.store);
    const { document } = await anApplicationInExecution(w);

    expect(await subject.store.documents.get(document.id)).toMatchObject({
      dueDate: '2025-05-14',
      status: 'in_progress',
    });
  });

  it('extends the deadline once, records the notice to the applicant, and the reminder and escalation follow the new date', async () => {
    const w = await aLettersWorld(subject.store);
    const { document, instanceId } = await anApplicationInExecution(w);
    const notifications = async () =>
      (await subject.store.processHistory.listByInstance(instanceId, { limit: 500 }))
        .filter((e) => e.type === 'notification.recorded')
        .map((e) => e.details.subject);
    const tick = async (at: string) => {
      w.clock.set(at);
      await runDueJobs(w.system, { now: w.clock.now(), workerId: 'test' });
    };

    // when the responsible executor extends the deadline to Friday 30 May
    const extended = await extendDeadline(w.ctx(w.author), {
      documentId: document.id,
      newDueDate: '2025-05-30',
      reason: 'Nepieciešams papildu atzinums.',
    });

    // then the document, the trail and the history say so
    expect(extended).toMatchObject({ previousDueDate: '2025-05-14', document: { dueDate: '2025-05-30' } });
    const history = await subject.store.processHistory.listByInstance(instanceId, { limit: 500 });
    const noticeNumber = extended.notice.document.registrationNumber;
    expect(history.filter((e) => e.type === 'history.appended').map((e) => e.details.text)).toEqual([
      `Paziņojums iesniedzējam ${noticeNumber}: termiņš pagarināts līdz 2025-05-30. Nepieciešams papildu atzinums.`,
    ]);
    const audit = await subject.store.audit.list({ objectId: document.id });
    expect(audit.find((e) => e.action === 'document.deadline_extended')?.details).toMatchObject({
      from: '2025-05-14',
      to: '2025-05-30',
      noticeNumber,
      delivery: 'post_or_hand_over',
      applicantNotified: false,
    });
    // and a second extension is refused
    await expect(
      extendDeadline(w.ctx(w.head), {
        documentId: document.id,
        newDueDate: '2025-06-30',
        reason: 'Vēlreiz.',
      }),
    ).rejects.toBeInstanceOf(Conflict);

    // The old reminder day (Friday 25 April, 3 working days before 30 April) passes quietly.
    await tick('2025-04-25T05:00:00.000Z');
    expect(await notifications()).toEqual([]);
    // Three working days before 30 May is Tuesday 27 May, 08:00 in Riga.
    await tick('2025-05-27T04:59:00.000Z');
    expect(await notifications()).toEqual([]);
    await tick('2025-05-27T05:00:00.000Z');
    expect(await notifications()).toEqual(['reminder']);
    await tick('2025-05-30T20:59:00.000Z');
    expect(await notifications()).toEqual(['reminder']);
    await tick('2025-05-30T21:00:00.000Z');
    expect(await notifications()).toEqual(['reminder', 'overdue']);
  });

  it('issues the notice to the applicant as an outgoing document, numbered with the extension, e-mailed when the applicant has an address', async () => {
    const w = await aLettersWorld(subject.store);
    const applicant = await subject.store.correspondents.insert({
      kind: 'person',
      name: 'Līga Kalniņa',
      email: 'liga.kalnina@example.lv',
    });
    const { document, processInstanceId } = await registerDocument(w.ctx(w.registrar), {
      registerId: w.applications.id,
      subject: 'Iesniegums par koku ciršanu',
      correspondentId: applicant.id,
    });
    const resolution = await theTask(subject.store, processInstanceId ?? '', 'Resolution');
    await writeResolution(w.ctx(w.head), {
      taskId: resolution.id,
      decision: 'execute',
      executors: [w.author.username],
      responsible: w.author.username,
      controller: w.head.username,
      deadline: '2025-04-30',
      text: 'Izskatīt.',
    });

    // when a head extends the deadline
    const { notice } = await extendDeadline(w.ctx(w.head), {
      documentId: document.id,
      newDueDate: '2025-05-30',
      reason: 'Nepieciešams dabas eksperta atzinums.',
    });

    // then the notice is an outgoing document: numbered first in the outgoing register, addressed
    // to the applicant, linked to the application, with the new date and the reason in Latvian
    expect(notice).toMatchObject({ delivery: 'email', email: 'liga.kalnina@example.lv' });
    const stored = await subject.store.documents.get(notice.document.id);
    expect(stored).toMatchObject({
      registerId: w.outgoing.id,
      sequence: 1,
      registrationNumber: `${w.outgoing.code}/2025/1`,
      registeredOn: '2025-04-14',
      correspondentId: applicant.id,
      status: 'dispatched',
      channel: 'email',
      subject: `Par iesnieguma Nr. ${document.registrationNumber} izskatīšanas termiņa pagarinājumu`,
    });
    const body = (await subject.store.documents.letterDetails(notice.document.id))?.body ?? '';
    expect(body).toContain('Līga Kalniņa!');
    // dates as the institution writes them (the formatter of the pages and prints)
    expect(body).toMatch(/pagarināts no 14\.05\.2025\.? līdz 30\.05\.2025\.?/);
    expect(body).toContain('Pagarinājuma iemesls: Nepieciešams dabas eksperta atzinums.');
    expect(await subject.store.documentAccess.links(document.id)).toContain(notice.document.id);
    // the executor it is routed to sees the notice, as they see the application
    expect(
      await subject.store.documentAccess.canSee(notice.document.id, {
        userId: w.author.id as string,
        departmentId: w.author.departmentId,
        seesAllUnrestricted: false,
      }),
    ).toBe(true);

    // and it is queued to the applicant's address, with the number and the text
    const mail = await subject.store.mailOutbox.get(notice.mailId ?? '');
    expect(mail).toMatchObject({ recipient: 'liga.kalnina@example.lv', status: 'queued' });
    expect(mail?.subject).toContain(notice.document.registrationNumber);
    expect(mail?.body).toContain(`dokuments Nr. ${notice.document.registrationNumber}`);
    expect(mail?.body).toContain(body);

    // and the trail says so on both documents
    const onApplication = await subject.store.audit.list({ objectId: document.id });
    expect(onApplication.find((e) => e.action === 'document.notice_issued')?.details).toEqual({
      noticeId: notice.document.id,
      noticeNumber: notice.document.registrationNumber,
      delivery: 'email',
      email: 'liga.kalnina@example.lv',
      mailId: notice.mailId,
    });
    const onNotice = (await subject.store.audit.list({ objectId: notice.document.id })).map((e) => e.action);
    expect(onNotice).toEqual(expect.arrayContaining(['document.registered', 'document.dispatched']));
    // no Dispatch task for the registry: it went by e-mail
    const noticeProcesses = await subject.store.processInstances.list({ businessKey: notice.document.id });
    expect(noticeProcesses.items).toEqual([]);
  });

  it('leaves a notice without an e-mail address to the registry to post or hand over; a refused extension numbers nothing', async () => {
    const w = await aLettersWorld(subject.store);
    const { document } = await anApplicationInExecution(w);

    // a refused extension (a date before the deadline) takes no number in the outgoing register
    await expect(
      extendDeadline(w.ctx(w.author), { documentId: document.id, newDueDate: '2025-05-10', reason: 'Agrāk' }),
    ).rejects.toBeInstanceOf(Invalid);
    expect((await subject.store.documents.listByRegister(w.outgoing.id, { limit: 10 })).total).toBe(0);

    const { notice } = await extendDeadline(w.ctx(w.head), {
      documentId: document.id,
      newDueDate: '2025-05-30',
      reason: 'Papildu pārbaude.',
    });

    // numbered 1 (the refusal took none), registered, and the registrars have its Dispatch task
    expect(notice).toMatchObject({ delivery: 'post_or_hand_over', email: null, mailId: null });
    expect(notice.document).toMatchObject({
      sequence: 1,
      status: 'registered',
      correspondentId: w.correspondentId,
    });
    const [dispatchProcess] = (await subject.store.processInstances.list({ businessKey: notice.document.id }))
      .items;
    const dispatch = await theTask(subject.store, dispatchProcess?.id ?? '', 'Dispatch');
    expect(await subject.store.mailOutbox.list({ limit: 500 })).not.toContainEqual(
      expect.objectContaining({ subject: expect.stringContaining(notice.document.registrationNumber) }),
    );

    // posted by the registry: the notice is dispatched, and the application is not marked answered
    await dispatchLetter(w.ctx(w.registrar), { taskId: dispatch.id, channel: 'post' });
    expect(await status(notice.document.id)).toBe('dispatched');
    expect(await status(document.id)).toBe('in_progress');
  });

  it('refuses an extension by someone else, to an earlier date or without a reason, and changes nothing', async () => {
    const w = await aLettersWorld(subject.store);
    const { document } = await anApplicationInExecution(w);

    // The registrar sees the application but is neither its responsible executor nor a head.
    await expect(
      extendDeadline(w.ctx(w.registrar), { documentId: document.id, newDueDate: '2025-05-30', reason: 'x' }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(
      extendDeadline(w.ctx(w.colleague), { documentId: document.id, newDueDate: '2025-05-30', reason: 'x' }),
    ).rejects.toThrow('No such document.');
    await expect(
      extendDeadline(w.ctx(w.author), { documentId: document.id, newDueDate: '2025-05-10', reason: '' }),
    ).rejects.toMatchObject({ problems: [{ field: 'reason', message: 'is required' }] });
    await expect(
      extendDeadline(w.ctx(w.author), { documentId: document.id, newDueDate: '2025-05-10', reason: 'Agrāk' }),
    ).rejects.toMatchObject({
      problems: [{ field: 'newDueDate', message: 'must be after the current deadline 2025-05-14' }],
    });
    expect((await subject.store.documents.get(document.id))?.dueDate).toBe('2025-05-14');
    expect((await subject.store.documents.letterDetails(document.id))?.dueDateExtensionReason).toBeNull();
  });

  it('cannot be closed without a registered answer; with one it is answered, then closed', async () => {
    const w = await aLettersWorld(subject.store);
    const { document, instanceId } = await anApplicationInExecution(w);
    const execution = await theTask(subject.store, instanceId, 'Execution');
    await completeTask(w.ctx(w.author), { taskId: execution.id, output: { outcome: 'done' } });
    const report = await theTask(subject.store, instanceId, 'Report');

    // given the report form without an answer: the page's form check and the use case refuse it
    const form = await loadTaskForm('application-report');
    expect(validateTaskForm(form!, { report: 'Izskatīts.', answerNumber: '' }, new Map()).problems).toEqual([
      { field: 'answerNumber', message: 'is required', code: 'problem.required' },
    ]);
    await expect(
      reportApplication(w.ctx(w.author), { taskId: report.id, report: 'Izskatīts.', answerNumber: '' }),
    ).rejects.toBeInstanceOf(Invalid);
    await expect(
      reportApplication(w.ctx(w.author), {
        taskId: report.id,
        report: 'Izskatīts.',
        answerNumber: 'NOS/2025/999',
      }),
    ).rejects.toMatchObject({
      problems: [
        {
          field: 'answerNumber',
          message: 'no registered outgoing letter NOS/2025/999 answers this application',
        },
      ],
    });
    expect(await openTasksOf(subject.store, instanceId, 'Report')).toHaveLength(1);

    // when the answer is registered and dispatched
    const answerNumber = await anAnswerTo(w, document.id);
    expect(await status(document.id)).toBe('answered');
    await reportApplication(w.ctx(w.author), { taskId: report.id, report: 'Atbildēts.', answerNumber });
    const control = await theTask(subject.store, instanceId, 'Control');
    await completeTask(w.ctx(w.head), { taskId: control.id, output: { control: 'accept' } });

    // then it is closed and its deadline watch ends with it
    expect(await status(document.id)).toBe('closed');
    expect(await subject.store.processInstances.get(instanceId)).toMatchObject({ status: 'completed' });
    expect(await subject.store.messageSubscriptions.listByInstance(instanceId)).toEqual([]);
    expect(await subject.store.jobs.listByInstance(instanceId, { status: 'pending' })).toEqual([]);
  });

  it('refuses an application without an applicant, naming the field, and takes no number', async () => {
    const w = await aLettersWorld(subject.store);

    const refused = await registerDocument(w.ctx(w.registrar), {
      registerId: w.applications.id,
      subject: 'Iesniegums bez iesniedzēja',
    }).catch((error: unknown) => error);
    const registered = await registerDocument(w.ctx(w.registrar), {
      registerId: w.applications.id,
      subject: 'Iesniegums ar iesniedzēju',
      correspondentId: w.correspondentId,
    });

    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).problems).toEqual([
      {
        field: 'correspondentId',
        message: 'an application needs its applicant: choose a card or describe a new one',
        code: 'problem.applicantRequired',
      },
    ]);
    expect(registered.document.sequence).toBe(1);
    expect((await subject.store.documents.listByRegister(w.applications.id, { limit: 10 })).total).toBe(1);
  });

  it('cannot be closed while its answer is signed but not dispatched; handed over in person, it can', async () => {
    const w = await aLettersWorld(subject.store);
    const { document, instanceId } = await anApplicationInExecution(w);
    const execution = await theTask(subject.store, instanceId, 'Execution');
    await completeTask(w.ctx(w.author), { taskId: execution.id, output: { outcome: 'done' } });
    const report = await theTask(subject.store, instanceId, 'Report');
    const answer = await aSignedAnswerTo(w, document.id);

    // when the answer is signed but still in the registry
    const refused = await reportApplication(w.ctx(w.author), {
      taskId: report.id,
      report: 'Atbildēts.',
      answerNumber: answer.registrationNumber,
    }).catch((error: unknown) => error);

    // then the report is refused as a conflict, and nothing moves on
    expect(refused).toBeInstanceOf(Conflict);
    expect((refused as Conflict).message).toBe(
      `The answer ${answer.registrationNumber} is not dispatched yet: dispatch it, or record it as handed over, before the application can be closed.`,
    );
    expect(await openTasksOf(subject.store, instanceId, 'Report')).toHaveLength(1);
    expect(await openTasksOf(subject.store, instanceId, 'Control')).toHaveLength(0);

    // when it is handed over in person (the channel is recorded), the report goes through
    await answer.dispatch('in_person');
    await reportApplication(w.ctx(w.author), {
      taskId: report.id,
      report: 'Atbildēts.',
      answerNumber: answer.registrationNumber,
    });
    expect(await openTasksOf(subject.store, instanceId, 'Control')).toHaveLength(1);
  });
});
