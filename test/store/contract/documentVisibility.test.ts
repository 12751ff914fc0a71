/**
 * The document access rule has two written forms: per document (`visibleWithDrafts`, used by
 * `canSee`, lists and searches) and in bulk (`visibleWithDraftsInBulk`, sets made once per viewer,
 * used by the inbox). Over every combination below — restricted, internal and public documents,
 * drafts, documents routed to a person, to a department or to a colleague of a department head,
 * named readers, deputies, viewers who see every register — both must name the same documents.
 */
import { expect, it } from '@jest/globals';
import type { Confidentiality, Repositories, User } from '../../../engine/store/ports.js';
import type { DocumentViewer } from '../../../engine/store/recordPorts.js';
import {
  viewerParams,
  visibleWithDrafts,
  visibleWithDraftsInBulk,
} from '../../../engine/store/postgres/documentAccessRepository.js';
import { aRegister, aUser, uniqueCode } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';

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

    for (const [name, viewer] of viewers) {
      const perDocument = await visibleBy(visibleWithDrafts, viewer);
      const inBulk = await visibleBy(visibleWithDraftsInBulk, viewer);
      expect({ name, inBulk }).toEqual({ name, inBulk: perDocument });
      // Not vacuous: each viewer sees some documents and not all of them.
      expect(perDocument.length).toBeGreaterThan(0);
      expect(perDocument.length).toBeLessThan(ids.length);
    }
  });
});
