/**
 * The access invariant over HTTP: a user sees a document only if the access rule says so, and
 * nothing they can do widens it for themselves. Starting a process on a document is routing it
 * (its tasks grant routed access), so only those who may see and route the document may.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actorFromUser, systemClock } from '../../engine/context.js';
import { fileDocument } from '../../engine/records/caseFiles.js';
import { reassignTask } from '../../engine/workflow/runtime/reassignTask.js';
import { storeAdapters } from '../support/storeAdapters.js';
import {
  type ApiClient,
  type ApiWorld,
  body,
  daysFromToday,
  type Person,
  startApiWorld,
} from './apiWorld.js';

const selfAssignedProcess = (key: string, assignee: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs-${key}" targetNamespace="https://kanceleja.test">
  <process id="${key}" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="look" />
    <userTask id="look" name="Look" camunda:assignee="${assignee}" />
    <sequenceFlow id="f2" sourceRef="look" targetRef="done" />
    <endEvent id="done" />
  </process>
</definitions>`;

interface Task {
  id: string;
  elementId: string;
  assignee: string | null;
  businessKey: string | null;
}

interface DocumentAnswer {
  document: { id: string; status: string };
}

for (const adapter of storeAdapters) {
  const suite = adapter.skipReason ? describe.skip : describe;
  suite(
    `the access invariant on ${adapter.name}${adapter.skipReason ? ` (${adapter.skipReason})` : ''}`,
    () => {
      let world: ApiWorld;
      const clients = new Map<Person, ApiClient>();
      const as = (person: Person) => clients.get(person) as ApiClient;
      /** Restricted, named to the head only. */
      let restrictedId: string;
      /** Internal, registered in the registry's register (the designer's department sees it). */
      let internalId: string;

      const register = async (extra: Record<string, unknown>) => {
        const response = await as('registrar').post('/api/documents', {
          register: 'IEN',
          subject: `Dokuments ${randomUUID().slice(0, 8)}`,
          correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
          ...extra,
        });
        expect(response.status).toBe(201);
        return (await body<{ id: string }>(response)).id;
      };
      const statusOf = async (id: string) =>
        (await body<DocumentAnswer>(await as('registrar').get(`/api/documents/${id}`))).document.status;

      beforeAll(async () => {
        world = await startApiWorld({ adapter });
        for (const person of Object.keys(world.users) as Person[])
          clients.set(person, await world.as(person));
        restrictedId = await register({ confidentiality: 'restricted', readerIds: [world.users.head.id] });
        internalId = await register({});
        // A register whose drafts run the shipped outgoing-letter process.
        await world.store.registers.insert({
          code: 'NOSV',
          name: 'Nosūtāmās vēstules',
          kind: 'outgoing',
          numberPattern: '3-14/{yyyy}/{seq}',
          departmentId: world.users.registrar.departmentId,
          processKey: 'outgoing-letter',
        });
        // The first store of a run prepares the PGlite templates: slow on a busy machine.
      }, 240_000);
      afterAll(() => world?.close());

      describe('starting a process on a document', () => {
        it('refuses an executor who starts a letter process on a restricted document they cannot see', async () => {
          // given
          expect((await as('executor').get(`/api/documents/${restrictedId}`)).status).toBe(404);
          const before = await statusOf(restrictedId);

          // when
          const started = await as('executor').post('/api/processes/outgoing-letter/start', {
            businessKey: restrictedId,
            variables: { registrationNumber: '', approvers: ['executor'] },
          });

          // then: answered as for a document that does not exist, and nothing opened or changed
          expect(started.status).toBe(404);
          expect((await as('executor').get(`/api/documents/${restrictedId}`)).status).toBe(404);
          expect(await statusOf(restrictedId)).toBe(before);
          expect((await world.store.processInstances.list({ businessKey: restrictedId })).items).toHaveLength(
            1,
          );
        });

        it('refuses a designer who starts a self-assigned process on any document', async () => {
          // given
          const deployed = await as('designer').fetch('/api/processes', {
            method: 'POST',
            headers: { 'content-type': 'application/xml' },
            body: selfAssignedProcess('peek', 'designer'),
          });
          expect(deployed.status).toBe(201);
          expect((await as('designer').get(`/api/documents/${internalId}`)).status).toBe(200);

          // when
          const onRestricted = await as('designer').post('/api/processes/peek/start', {
            businessKey: restrictedId,
          });
          const onVisible = await as('designer').post('/api/processes/peek/start', {
            businessKey: internalId,
          });
          const onNoDocument = await as('designer').post('/api/processes/peek/start', {
            businessKey: randomUUID(),
          });
          const onOtherKey = await as('designer').post('/api/processes/peek/start', {
            businessKey: 'case-42',
          });

          // then: a document they see but do not route is refused with 403; one they cannot see, and a
          // UUID that names no document, answer the same 404; a business key that is no document starts
          expect(onRestricted.status).toBe(404);
          expect(onVisible.status).toBe(403);
          expect(onNoDocument.status).toBe(404);
          expect(onOtherKey.status).toBe(201);
          expect((await as('designer').get(`/api/documents/${restrictedId}`)).status).toBe(404);
          const attachments = await as('designer').get(`/api/documents/${restrictedId}/attachments`);
          expect([404, 405]).toContain(attachments.status);
          expect(await world.store.tasks.listOpenFor('designer', [])).toHaveLength(1);
        });

        it('lets a registrar and a head named on the document route it', async () => {
          // given
          await as('designer').fetch('/api/processes', {
            method: 'POST',
            headers: { 'content-type': 'application/xml' },
            body: selfAssignedProcess('look-at', 'auditor'),
          });

          // when
          const byRegistrar = await as('registrar').post('/api/processes/look-at/start', {
            businessKey: internalId,
          });
          const byHead = await as('head').post('/api/processes/look-at/start', { businessKey: restrictedId });
          const byUnnamedRegistrar = await as('admin').post('/api/processes/look-at/start', {
            businessKey: restrictedId,
          });

          // then: the person routed to may see the restricted document (need-to-know)
          expect(byRegistrar.status).toBe(201);
          expect(byHead.status).toBe(201);
          expect(byUnnamedRegistrar.status).toBe(404);
          expect((await as('auditor').get(`/api/documents/${restrictedId}`)).status).toBe(200);
        });

        it('lets the author of a draft route their own draft, and nobody else’s', async () => {
          // given: the executor's draft (its approval process starts with it)
          const drafted = await as('executor').post('/api/outgoing-letters', {
            register: 'NOSV',
            subject: 'Atbilde par apgaismojumu',
            correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
            approvers: ['depthead'],
          });
          expect(drafted.status).toBe(201);
          const draftId = (await body<{ id: string }>(drafted)).id;

          // when
          const byAuthor = await as('executor').post('/api/processes/look-at/start', {
            businessKey: draftId,
          });
          const byColleague = await as('depthead').post('/api/processes/look-at/start', {
            businessKey: draftId,
          });

          // then: the approver sees the draft (routed to them) but is no author, registrar or head
          expect(byAuthor.status).toBe(201);
          expect(byColleague.status).toBe(403);
        });

        it('refuses an executor who starts a process on a document of their department', async () => {
          // given: routed to the executor's department by a resolution-free grant
          const executor = as('executor');
          await world.store.documentAccess.grantRouted(
            internalId,
            { usernames: ['executor'], departmentCodes: [] },
            null,
          );
          expect((await executor.get(`/api/documents/${internalId}`)).status).toBe(200);

          // when
          const started = await executor.post('/api/processes/look-at/start', { businessKey: internalId });

          // then
          expect(started.status).toBe(403);
        });

        it('lets only who may route a document continue its process by a message, and never by a system message', async () => {
          // given: a registrar's process on a document the executor sees, waiting for a message whose
          // variables choose the next task's assignee
          const key = `wait-${randomUUID().slice(0, 8)}`;
          const deployed = await as('designer').fetch('/api/processes', {
            method: 'POST',
            headers: { 'content-type': 'application/xml' },
            body: `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs-${key}" targetNamespace="https://kanceleja.test">
  <message id="go" name="${key}-go" />
  <process id="${key}" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="go" /></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="next" />
    <userTask id="next" camunda:assignee="\${who}" />
    <sequenceFlow id="f3" sourceRef="next" targetRef="done" />
    <endEvent id="done" />
  </process>
</definitions>`,
          });
          expect(deployed.status).toBe(201);
          const documentId = await register({});
          await world.store.documentAccess.grantRouted(
            documentId,
            { usernames: ['executor'], departmentCodes: [] },
            null,
          );
          const started = await as('registrar').post(`/api/processes/${key}/start`, {
            businessKey: documentId,
          });
          expect(started.status).toBe(201);
          const { instanceId } = await body<{ instanceId: string }>(started);
          const openTasks = async () =>
            (await world.store.tasks.listByInstance(instanceId)).filter((task) => task.status === 'open');

          // when: the executor, who sees the document but may not route it, sends the message, with and
          // without its business key; and anyone sends the message only the deadline extension sends
          const byExecutor = await as('executor').post('/api/messages', {
            name: `${key}-go`,
            businessKey: documentId,
            variables: { who: 'executor' },
          });
          const broadcast = await as('executor').post('/api/messages', {
            name: `${key}-go`,
            variables: { who: 'executor' },
          });
          const systemMessage = await as('head').post('/api/messages', {
            name: 'deadlineExtended',
            businessKey: documentId,
            variables: { deadline: daysFromToday(300) },
          });

          // then: refused, and the instance still waits
          expect(byExecutor.status).toBe(403);
          expect((await body<{ message: string }>(byExecutor)).message).toMatch(/send a message/);
          expect(broadcast.status).toBe(404);
          expect(systemMessage.status).toBe(403);
          expect(await openTasks()).toEqual([]);

          // when: the registrar sends it
          const byRegistrar = await as('registrar').post('/api/messages', {
            name: `${key}-go`,
            businessKey: documentId,
            variables: { who: 'executor' },
          });

          // then
          expect(byRegistrar.status).toBe(200);
          expect((await openTasks()).map((task) => task.assignee)).toEqual(['executor']);
        });
      });

      describe('giving a task back', () => {
        const stranded = async () =>
          world.db.query<{ id: string }>(
            `SELECT id FROM tasks WHERE status = 'open' AND assignee IS NULL
                AND cardinality(candidate_users) = 0 AND cardinality(candidate_groups) = 0`,
          );
        const taskOf = async (id: string) => world.store.tasks.get(id);

        it('gives an execution task back to the executor a resolution assigned it to, never to nobody', async () => {
          // given: a resolution assigns the execution to the executor
          const documentId = await register({});
          const resolution = (await body<Task[]>(await as('head').get('/api/tasks?scope=all'))).find(
            (task) => task.businessKey === documentId,
          );
          const resolved = await as('head').post(`/api/tasks/${resolution?.id}/complete`, {
            data: {
              decision: 'execute',
              executors: ['executor'],
              responsible: 'executor',
              controller: 'head',
              deadline: daysFromToday(30),
              text: 'Izpildīt.',
            },
          });
          expect(resolved.status).toBe(200);
          const execution = (await body<Task[]>(await as('executor').get('/api/tasks?scope=mine'))).find(
            (task) => task.businessKey === documentId,
          ) as Task;

          // when: a head and the department head try to give it back while it is with the executor
          const byHead = await as('head').post(`/api/tasks/${execution.id}/unclaim`);
          const byDeptHead = await as('depthead').post(`/api/tasks/${execution.id}/unclaim`);

          // then: it stays with the executor, its original offer (the department head sees the
          // document, routed to a person of her department, but there is nothing to give back)
          expect(byHead.status).toBe(409);
          expect(byDeptHead.status).toBe(409);
          expect((await taskOf(execution.id))?.assignee).toBe('executor');

          // when: handed on to someone of another department, then given back by the head
          await reassignTask(
            { store: world.store, clock: systemClock, actor: actorFromUser(world.users.head) },
            { taskId: execution.id, assignee: 'outsider' },
          );
          const byAuditor = await as('auditor').post(`/api/tasks/${execution.id}/unclaim`);
          const byDesigner = await as('designer').post(`/api/tasks/${execution.id}/unclaim`);
          const back = await as('head').post(`/api/tasks/${execution.id}/unclaim`);

          // then: back with the executor it was assigned to; nobody else may give it back
          expect(byAuditor.status).toBe(403);
          expect([403, 404]).toContain(byDesigner.status);
          expect(back.status).toBe(200);
          expect((await taskOf(execution.id))?.assignee).toBe('executor');
          expect(await stranded()).toEqual([]);
        });

        it('gives a claimed resolution back to its candidates, the heads', async () => {
          // given
          const documentId = await register({});
          const resolution = (await body<Task[]>(await as('head').get('/api/tasks?scope=all'))).find(
            (task) => task.businessKey === documentId,
          ) as Task;
          expect((await as('head').post(`/api/tasks/${resolution.id}/claim`)).status).toBe(200);

          // when
          const byExecutor = await as('executor').post(`/api/tasks/${resolution.id}/unclaim`);
          const byHead = await as('head').post(`/api/tasks/${resolution.id}/unclaim`);

          // then
          expect([403, 404]).toContain(byExecutor.status);
          expect(byHead.status).toBe(200);
          expect(await taskOf(resolution.id)).toMatchObject({ assignee: null, candidateGroups: ['head'] });
          expect(await stranded()).toEqual([]);
        });
      });

      describe('the audit trail and instance diagrams', () => {
        const SECRET = 'Disciplinārlieta Q-7731';
        const OPEN = 'Ielu apgaismojums Q-7732';

        it('show a restricted document to admin and auditor only when they are named on it', async () => {
          // given
          const secret = await register({
            subject: SECRET,
            confidentiality: 'restricted',
            readerIds: [world.users.head.id],
          });
          const open = await register({ subject: OPEN });
          const [instance] = (await world.store.processInstances.list({ businessKey: secret })).items;

          for (const person of ['admin', 'auditor'] as const) {
            const session = await world.session(person);
            // when
            const bySecret = await session.get(`/audit?objectId=${secret}`);
            const byInstance = await session.get(`/audit?objectId=${instance?.id}`);
            const byType = await session.get('/audit?objectType=document');
            const byOpen = await session.get(`/audit?objectId=${open}`);
            const diagram = await as(person).get(`/api/process-instances/${instance?.id}/diagram`);

            // then
            for (const page of [bySecret, byInstance, byType]) {
              expect(page.status).toBe(200);
              expect(`${person}: ${await page.text()}`).not.toContain(SECRET);
            }
            expect(await byOpen.text()).toContain(OPEN);
            expect(`${person} ${diagram.status}`).toBe(`${person} 404`);
          }
          expect((await as('designer').get(`/api/process-instances/${instance?.id}/diagram`)).status).toBe(
            404,
          );
          expect((await as('head').get(`/api/process-instances/${instance?.id}/diagram`)).status).toBe(200);
        });
      });

      describe('a closed document', () => {
        const attach = (person: Person, id: string) => {
          const form = new FormData();
          form.append(
            'file',
            new Blob(['Papildu paskaidrojums'], { type: 'text/plain' }),
            'paskaidrojums.txt',
          );
          return as(person).fetch(`/api/documents/${id}/attachments`, { method: 'POST', body: form });
        };

        it('takes no changes until a registrar or a head reopens it with a reason', async () => {
          // given: a document its process closed
          const id = await register({});
          const current = await world.store.documents.get(id);
          await world.store.documents.setStatus(id, current?.version ?? 0, 'closed');
          const closed = await world.store.documents.get(id);

          // when: changed while closed
          const attached = await attach('registrar', id);
          const routed = await as('registrar').post('/api/processes/incoming-correspondence/start', {
            businessKey: id,
          });
          const filing = fileDocument(
            { store: world.store, clock: systemClock, actor: actorFromUser(world.users.registrar) },
            { documentId: id, caseFileId: null, expectedVersion: closed?.version ?? 0 },
          );

          // then: 409 with a readable message, nothing changed
          expect(attached.status).toBe(409);
          expect((await body<{ message: string }>(attached)).message).toMatch(/is closed/);
          expect(routed.status).toBe(409);
          await expect(filing).rejects.toThrow(/is closed/);
          expect(await world.store.attachments.list(id)).toEqual([]);

          // when: reopened by those who may not, without a reason, and then properly
          const byExecutor = await as('executor').post(`/api/documents/${id}/reopen`, { reason: 'Jā' });
          const byAuditor = await as('auditor').post(`/api/documents/${id}/reopen`, { reason: 'Jā' });
          const withoutReason = await as('registrar').post(`/api/documents/${id}/reopen`, { reason: ' ' });
          const reopened = await as('registrar').post(`/api/documents/${id}/reopen`, {
            reason: 'Saņemts papildu paskaidrojums',
          });
          const again = await as('head').post(`/api/documents/${id}/reopen`, { reason: 'Vēlreiz' });

          // then
          expect(byExecutor.status).toBe(404);
          expect(byAuditor.status).toBe(403);
          expect(withoutReason.status).toBe(400);
          expect(reopened.status).toBe(200);
          expect(await body(reopened)).toEqual({ id, status: 'registered' });
          expect(again.status).toBe(409);
          const [event] = await world.store.audit
            .list({ objectId: id, objectType: 'document' })
            .then((events) => events.filter((e) => e.action === 'document.reopened'));
          expect(event).toMatchObject({
            actorName: 'registrar',
            details: { from: 'closed', to: 'registered', reason: 'Saņemts papildu paskaidrojums' },
          });
          expect((await attach('registrar', id)).status).toBe(201);
        });
      });

      describe('the auditor and who may complete', () => {
        it('lets the auditor read tasks but write nothing, and answers a non-holder 403 before the form', async () => {
          // given: a resolution task the auditor and the registrar see (the document is not restricted)
          const documentId = await register({});
          const resolution = (await body<Task[]>(await as('head').get('/api/tasks?scope=all'))).find(
            (task) => task.businessKey === documentId,
          ) as Task;

          // when
          const comment = await as('auditor').post(`/api/tasks/${resolution.id}/comments`, {
            body: 'Redzēju.',
          });
          const emptyComment = await as('auditor').post(`/api/tasks/${resolution.id}/comments`, { body: '' });
          const card = await as('auditor').post('/api/correspondents', {
            kind: 'person',
            name: 'Auditora kartīte',
          });
          const completeByAuditor = await as('auditor').post(`/api/tasks/${resolution.id}/complete`, {
            data: { decision: 'nonsense' },
          });
          const completeByRegistrar = await as('registrar').post(`/api/tasks/${resolution.id}/complete`, {
            data: {},
          });
          const commentByHead = await as('head').post(`/api/tasks/${resolution.id}/comments`, {
            body: 'Skatīšu.',
          });

          // then
          expect(comment.status).toBe(403);
          expect(emptyComment.status).toBe(403);
          expect(card.status).toBe(403);
          expect(completeByAuditor.status).toBe(403);
          expect(completeByRegistrar.status).toBe(403);
          expect(commentByHead.status).toBe(201);
        });
      });

      describe('tasks on documents the holder may not see', () => {
        const inboxOf = async (person: Person) => body<Task[]>(await as(person).get('/api/tasks?scope=all'));

        it('keeps a resolution on a restricted document out of the inbox of a head not named on it', async () => {
          // given: restricted, named to the department head only; the resolution is offered to heads
          const unnamed = await register({
            confidentiality: 'restricted',
            readerIds: [world.users.depthead.id],
          });
          const [instance] = (await world.store.processInstances.list({ businessKey: unnamed })).items;
          const [resolution] = await world.store.tasks.listByInstance(instance?.id ?? '', { status: 'open' });

          // when
          const headInbox = await inboxOf('head');
          const claim = await as('head').post(`/api/tasks/${resolution?.id}/claim`);
          const complete = await as('head').post(`/api/tasks/${resolution?.id}/complete`, { data: {} });

          // then: neither the task nor the document is there for him, and nothing opened it
          expect(resolution).toBeDefined();
          expect(headInbox.map((task) => task.businessKey)).not.toContain(unnamed);
          expect(claim.status).toBe(404);
          expect(complete.status).toBe(404);
          expect((await as('head').get(`/api/documents/${unnamed}`)).status).toBe(404);
        });

        it('lists the resolution to a head named on the document, who may see the document', async () => {
          // when
          const headInbox = await inboxOf('head');

          // then
          expect(headInbox.map((task) => task.businessKey)).toContain(restrictedId);
          expect((await as('head').get(`/api/documents/${restrictedId}`)).status).toBe(200);
        });

        it('lets the person a task is given to see its document, and every inbox task is on a visible document', async () => {
          // given: the head resolves a restricted document naming the executor
          const named = await register({ confidentiality: 'restricted', readerIds: [world.users.head.id] });
          const resolution = (await inboxOf('head')).find((task) => task.businessKey === named);
          const resolved = await as('head').post(`/api/tasks/${resolution?.id}/complete`, {
            data: {
              decision: 'execute',
              executors: ['executor'],
              responsible: 'executor',
              controller: 'head',
              deadline: daysFromToday(30),
              text: 'Izskatīt.',
            },
          });
          expect(resolved.status).toBe(200);

          // then
          for (const person of Object.keys(world.users) as Person[]) {
            for (const task of await inboxOf(person)) {
              if (!task.businessKey || task.businessKey === 'case-42') continue;
              const seen = await as(person).get(`/api/documents/${task.businessKey}`);
              expect(`${person} ${task.elementId} ${seen.status}`).toBe(`${person} ${task.elementId} 200`);
            }
          }
          expect((await inboxOf('executor')).map((task) => task.businessKey)).toContain(named);
        });
      });
    },
  );
}
