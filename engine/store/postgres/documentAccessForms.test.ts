/**
 * An adapter-level check of the PostgreSQL store (the contract suite holds every adapter to the
 * rule's answers; this holds the adapter's SQL forms of it to each other). The document access rule
 * has two written forms: per document (`visibleWithDrafts`, used by
 * `canSee`, lists and searches) and in bulk (`visibleWithDraftsInBulk`, sets made once per viewer,
 * used by the inbox). Over every combination below — restricted, internal and public documents,
 * drafts, documents routed to a person, to a department or to a colleague of a department head,
 * named readers, deputies, viewers who see every register — both must name the same documents.
 * The inbox applies the bulk form to the copies of the document an open task carries (migration
 * 0034, `documentCopiesOf`): over a task on each document, made before the document changed, those
 * must name the same documents too.
 */
import { createHash, randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import type { Confidentiality, Repositories, User } from '../ports.js';
import type { DocumentViewer } from '../recordPorts.js';
import { viewerParams, visibleWithDrafts, visibleWithDraftsInBulk } from './documentAccessRepository.js';
import { documentCopiesOf } from './taskRepository.js';
import { aRegister, aUser, uniqueCode } from '../../../test/support/builders.js';
import { describeEachStore } from '../../../test/support/testStores.js';

describeEachStore('the document access rule in both its forms', (subject) => {
  it('names the same documents for every viewer', async () => {
    const repos: Repositories = subject.store;
    const [north, south] = [
      await repos.departments.insert({ code: uniqueCode('N'), name: 'Ziemeļi' }),
      await repos.departments.insert({ code: uniqueCode('S'), name: 'Dienvidi' }),
    ];
    const person = (roles: User['roles'], departmentId: string | null) =>
      aUser(repos, { roles, departmentId });
    const clerk = await person(['registrar'], north.id);
    const northExecutor = await person(['executor'], north.id);
    const northHead = await person(['dept_head'], north.id);
    const southExecutor = await person(['executor'], south.id);
    const mayor = await person(['head'], null);
    const northRegister = await aRegister(repos, { departmentId: north.id });
    const southRegister = await aRegister(repos, { departmentId: south.id });

    const definition = await repos.processDefinitions.insert({
      key: uniqueCode('p'),
      name: null,
      hash: createHash('sha256').update(randomUUID()).digest('hex'),
      xml: '<definitions />',
      deployedBy: null,
    });
    const instance = await repos.processInstances.insert({
      id: randomUUID(),
      definitionId: definition.id,
      processKey: definition.key,
      definitionVersion: 1,
      businessKey: null,
      status: 'running',
      state: {},
      variables: {},
      startedBy: null,
      startedAt: new Date('2026-05-04T08:00:00Z'),
    });
    const taskIds: string[] = [];
    /** An open task on `businessKey`, made now: its copies of the document must follow later changes. */
    const taskOn = async (businessKey: string) => {
      const task = await repos.tasks.insert({
        instanceId: instance.id,
        processKey: definition.key,
        businessKey,
        elementId: 'Task',
        executionId: `Task_${taskIds.length}`,
        name: 'Izpilde',
        assignee: null,
        candidateGroups: [],
        candidateUsers: [],
        dueAt: null,
        priority: null,
        formKey: null,
        loopItem: null,
        createdAt: new Date('2026-05-04T08:00:00Z'),
      });
      taskIds.push(task.id);
    };

    const ids: string[] = [];
    let sequence = 0;
    const document = async (
      register: typeof northRegister,
      confidentiality: Confidentiality,
      options: { draft?: boolean; createdBy?: User | null } = {},
    ) => {
      sequence += 1;
      const made = await repos.documents.insert({
        registerId: register.id,
        year: 2026,
        sequence,
        registrationNumber: `${register.code}/${sequence}`,
        registeredOn: '2026-05-04',
        subject: `Dokuments ${sequence}`,
        confidentiality,
        createdBy: options.createdBy === undefined ? clerk.id : (options.createdBy?.id ?? null),
      });
      // Upper case: a business key is matched to the document whatever its case.
      await taskOn(sequence % 2 === 0 ? made.id.toUpperCase() : made.id);
      if (options.draft) {
        await subject.db.query(
          'UPDATE documents SET sequence = NULL, registration_number = NULL WHERE id = $1',
          [made.id],
        );
      }
      ids.push(made.id);
      return made;
    };
    const grant = (documentId: string, to: { userId?: string; departmentId?: string }, reason: string) =>
      repos.documentAccess.grant({
        documentId,
        userId: to.userId ?? null,
        departmentId: to.departmentId ?? null,
        reason: reason as 'routed',
        grantedBy: clerk.id,
      });

    for (const confidentiality of ['public', 'internal', 'restricted'] as const) {
      for (const register of [northRegister, southRegister]) {
        await document(register, confidentiality);
        await document(register, confidentiality, { createdBy: null });
        await grant((await document(register, confidentiality)).id, { departmentId: north.id }, 'routed');
        await grant((await document(register, confidentiality)).id, { departmentId: south.id }, 'routed');
        await grant((await document(register, confidentiality)).id, { userId: northExecutor.id }, 'routed');
        await grant((await document(register, confidentiality)).id, { userId: southExecutor.id }, 'reader');
        await document(register, confidentiality, { draft: true, createdBy: southExecutor });
        const draft = await document(register, confidentiality, { draft: true, createdBy: mayor });
        await grant(draft.id, { userId: northExecutor.id }, 'routed');
      }
    }

    // Changed after their tasks were made: one made restricted, one public, one moved to the south
    // register, one registered, one urgent; and tasks on keys that name no document.
    const changed = (index: number) => ids[index] as string;
    await subject.db.query("UPDATE documents SET confidentiality = 'restricted' WHERE id = $1", [changed(2)]);
    await subject.db.query("UPDATE documents SET confidentiality = 'public' WHERE id = $1", [changed(40)]);
    await subject.db.query('UPDATE documents SET register_id = $2 WHERE id = $1', [
      changed(3),
      southRegister.id,
    ]);
    await subject.db.query(
      "UPDATE documents SET sequence = 999, registration_number = 'X/999' WHERE id = $1 AND sequence IS NULL",
      [changed(6)],
    );
    await subject.db.query("UPDATE documents SET priority = 'urgent' WHERE id = $1", [changed(4)]);
    await taskOn(randomUUID());
    await taskOn('not-a-document');

    const viewers: [string, DocumentViewer][] = [
      ['clerk', { userId: clerk.id, departmentId: north.id, seesAllUnrestricted: true }],
      ['north executor', { userId: northExecutor.id, departmentId: north.id, seesAllUnrestricted: false }],
      ['north department head', { userId: northHead.id, departmentId: north.id, seesAllUnrestricted: false }],
      ['south executor', { userId: southExecutor.id, departmentId: south.id, seesAllUnrestricted: false }],
      [
        'mayor, who sees every draft',
        { userId: mayor.id, departmentId: null, seesAllUnrestricted: true, seesAllDrafts: true },
      ],
      [
        'a deputy of the north executor',
        {
          userId: southExecutor.id,
          departmentId: south.id,
          seesAllUnrestricted: false,
          actingForIds: [northExecutor.id],
        },
      ],
    ];
    const visibleBy = async (rule: string, viewer: DocumentViewer) =>
      (
        await subject.db.query<{ id: string }>(
          `SELECT d.id FROM documents d WHERE d.id = ANY ($1::uuid[]) AND (${rule}) IS TRUE ORDER BY d.id`,
          [ids, ...viewerParams(viewer)],
        )
      ).map((row) => row.id);

    // The documents the open tasks are on that the viewer may see, by the tasks' copies alone.
    const visibleByTaskCopies = async (viewer: DocumentViewer) =>
      (
        await subject.db.query<{ id: string }>(
          `SELECT DISTINCT d.id FROM tasks t CROSS JOIN LATERAL ${documentCopiesOf('t')}
            WHERE t.id = ANY ($1::uuid[]) AND t.status = 'open' AND d.id IS NOT NULL
              AND (${visibleWithDraftsInBulk}) IS TRUE ORDER BY d.id`,
          [taskIds, ...viewerParams(viewer)],
        )
      ).map((row) => row.id);
    const [urgent] = await subject.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM tasks WHERE id = ANY ($1::uuid[]) AND document_urgent',
      [taskIds],
    );
    expect(urgent?.n).toBe(1);

    for (const [name, viewer] of viewers) {
      const perDocument = await visibleBy(visibleWithDrafts, viewer);
      const inBulk = await visibleBy(visibleWithDraftsInBulk, viewer);
      expect({ name, inBulk }).toEqual({ name, inBulk: perDocument });
      expect({ name, onTasks: await visibleByTaskCopies(viewer) }).toEqual({ name, onTasks: perDocument });
      // Not vacuous: each viewer sees some documents and not all of them.
      expect(perDocument.length).toBeGreaterThan(0);
      expect(perDocument.length).toBeLessThan(ids.length);
    }
  });
});
