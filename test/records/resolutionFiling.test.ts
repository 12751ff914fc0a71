/**
 * Filing by the head's resolution ("file to case") and from the card, through the use cases: the
 * decision names its case file (required, of the document's year, active), and the document is filed
 * in the completion's transaction — a refused case file leaves the task open and the document
 * unfiled. Taking a document out of its case file is its own audit event, naming the case file.
 */
import { expect, it } from '@jest/globals';
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import { Forbidden, Invalid } from '../../engine/errors.js';
import { fileDocument } from '../../engine/records/caseFiles.js';
import { mayFile } from '../../engine/policies/document.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { writeResolution } from '../../engine/records/resolution.js';
import type { Role, Store } from '../../engine/store/ports.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import { uniqueCode } from '../support/builders.js';
import { describeEachStore } from '../support/testStores.js';
import { TestClock } from '../support/workflow.js';

async function municipality(store: Store) {
  const clock = new TestClock('2025-04-14T06:00:00.000Z');
  const ctx = (actor: Actor): UseCaseContext => ({ store, actor, clock });
  await deployShippedProcesses(
    ctx({ id: null, username: 'system', displayName: 'system', roles: [], departmentId: null }),
  );
  const registry = await store.departments.insert({ code: uniqueCode('KANC'), name: 'Kanceleja' });
  const person = async (roles: Role[]) =>
    actorFromUser(
      await store.users.insert({
        username: uniqueCode(roles[0] ?? 'u'),
        displayName: 'X',
        roles,
        departmentId: registry.id,
        source: 'local',
      }),
    );
  const incoming = await store.registers.insert({
    code: uniqueCode('IEN'),
    name: 'Ienākošie',
    kind: 'incoming',
    numberPattern: '{seq}/{yyyy}',
    departmentId: registry.id,
    processKey: 'incoming-correspondence',
    answerDeadlineRule: 'P1M',
  });
  const caseFile = (year: number, title: string) =>
    store.caseFiles.insert({ indexCode: uniqueCode('3-12'), title, retention: 'permanent', year });
  return {
    ctx,
    incoming,
    registrar: await person(['registrar']),
    head: await person(['head']),
    executor: await person(['executor']),
    auditor: await person(['auditor']),
    requests: await caseFile(2025, 'Iesniegumi'),
    lastYears: await caseFile(2024, 'Iesniegumi 2024'),
  };
}

describeEachStore('filing into case files', (subject) => {
  const newLetter = async (m: Awaited<ReturnType<typeof municipality>>) => {
    const { document, processInstanceId } = await registerDocument(m.ctx(m.registrar), {
      registerId: m.incoming.id,
      subject: 'Par apgaismojumu',
    });
    const [resolution] = (await subject.store.tasks.listByInstance(processInstanceId ?? '')).filter(
      (task) => task.formKey === 'resolution',
    );
    return { document, resolutionId: resolution?.id ?? '' };
  };
  const problemsOf = async (attempt: Promise<unknown>) => {
    const error = await attempt.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Invalid);
    return (error as Invalid).problems;
  };

  it('requires the case file of "file to case", refuses one of another year, and changes nothing', async () => {
    const m = await municipality(subject.store);
    const { document, resolutionId } = await newLetter(m);
    const closed = await subject.store.caseFiles.insert({
      indexCode: uniqueCode('1-1'),
      title: 'Slēgta',
      retention: 'permanent',
      year: 2025,
    });
    await subject.store.caseFiles.update(closed.id, { active: false });

    const without = await problemsOf(
      writeResolution(m.ctx(m.head), { taskId: resolutionId, decision: 'file_to_case', text: 'Lietā.' }),
    );
    const otherYear = await problemsOf(
      writeResolution(m.ctx(m.head), {
        taskId: resolutionId,
        decision: 'file_to_case',
        text: 'Lietā.',
        caseFileId: m.lastYears.id,
      }),
    );
    const inactive = await problemsOf(
      writeResolution(m.ctx(m.head), {
        taskId: resolutionId,
        decision: 'file_to_case',
        text: 'Lietā.',
        caseFileId: closed.id,
      }),
    );

    expect(without).toEqual([{ field: 'caseFileId', message: 'is required', code: 'problem.required' }]);
    expect(otherYear).toEqual([
      {
        field: 'caseFileId',
        message: 'the case file is of 2024, the document of 2025',
        code: 'problem.caseFileYears',
        params: { fileYear: 2024, documentYear: '2025' },
      },
    ]);
    expect(inactive).toEqual([
      { field: 'caseFileId', message: 'no such case file', code: 'problem.noCaseFile' },
    ]);
    expect((await subject.store.tasks.get(resolutionId))?.status).toBe('open');
    expect((await subject.store.documents.get(document.id))?.caseFileId).toBeNull();
    const actions = (await subject.store.audit.list({ objectType: 'document', objectId: document.id })).map(
      (event) => event.action,
    );
    expect(actions).not.toContain('document.filed');
    expect(actions).not.toContain('document.resolved');
  });

  it('files the document with the "file to case" resolution, in its transaction, naming the case file', async () => {
    const m = await municipality(subject.store);
    const { document, resolutionId } = await newLetter(m);

    await writeResolution(m.ctx(m.head), {
      taskId: resolutionId,
      decision: 'file_to_case',
      text: 'Lietā.',
      caseFileId: m.requests.id,
    });

    const filed = await subject.store.documents.get(document.id);
    expect(filed).toMatchObject({ caseFileId: m.requests.id, status: 'filed' });
    expect((await subject.store.tasks.get(resolutionId))?.status).toBe('completed');
    const events = await subject.store.audit.list({ objectType: 'document', objectId: document.id });
    expect(events.find((event) => event.action === 'document.filed')?.details).toEqual({
      from: null,
      to: m.requests.id,
      caseFile: `${m.requests.indexCode} Iesniegumi`,
    });
    expect(events.map((event) => event.action)).toContain('document.resolved');
  });

  it('keeps the case file out of the other decisions', async () => {
    const m = await municipality(subject.store);
    const { document, resolutionId } = await newLetter(m);

    await writeResolution(m.ctx(m.head), {
      taskId: resolutionId,
      decision: 'for_information',
      text: 'Zināšanai.',
      caseFileId: m.requests.id,
    });

    expect((await subject.store.documents.get(document.id))?.caseFileId).toBeNull();
  });

  it('takes a document out of its case file as its own event, and refuses who may not file', async () => {
    const m = await municipality(subject.store);
    const { document } = await registerDocument(m.ctx(m.registrar), {
      registerId: m.incoming.id,
      subject: 'Par ceļiem',
      caseFileId: m.requests.id,
    });

    const notAnId = await problemsOf(
      fileDocument(m.ctx(m.registrar), {
        documentId: document.id,
        caseFileId: 'nonsense',
        expectedVersion: document.version,
      }),
    );
    await fileDocument(m.ctx(m.registrar), {
      documentId: document.id,
      caseFileId: null,
      expectedVersion: document.version,
    });

    expect(notAnId).toEqual([
      { field: 'caseFileId', message: 'no such case file', code: 'problem.noCaseFile' },
    ]);
    const events = await subject.store.audit.list({ objectType: 'document', objectId: document.id });
    expect(events.find((event) => event.action === 'document.unfiled')?.details).toEqual({
      from: m.requests.id,
      to: null,
      caseFile: `${m.requests.indexCode} Iesniegumi`,
    });
    await expect(
      fileDocument(m.ctx(m.auditor), {
        documentId: document.id,
        caseFileId: m.requests.id,
        expectedVersion: document.version + 1,
      }),
    ).rejects.toBeInstanceOf(Forbidden);
    const current = await subject.store.documents.get(document.id);
    expect(current && mayFile(m.executor, current)).toBe(true);
    expect(current && mayFile(m.auditor, current)).toBe(false);
    expect(current && mayFile(m.registrar, { ...current, status: 'closed' })).toBe(false);
  });
});
