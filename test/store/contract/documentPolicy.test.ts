/**
 * The document access rule is written twice: in code (`maySeeDocument`, engine/policies/document.ts)
 * and in the store's queries, which check access in bulk for every list and search. Over generated
 * institutions — people with any roles in one of two departments or none, registers owned by a
 * department or none, public, internal and restricted documents, drafts, authors, grants to people
 * and to departments, deputies — the store's search (registered documents and drafts), `canSee` and
 * `hiddenAmong` must name exactly the documents the code's rule lets the viewer see. A failure
 * prints the smallest counterexample and the seed to replay it (`FC_SEED=<seed>`).
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from '@jest/globals';
import fc from 'fast-check';
import { actorFromUser, type Actor } from '../../../engine/context.js';
import { maySeeDocument, viewerOf, type DocumentFacts } from '../../../engine/policies/document.js';
import { hasRole } from '../../../engine/policies/roles.js';
import {
  CONFIDENTIALITY_LEVELS,
  type Department,
  type DocumentRecord,
  type Register,
  type Role,
  type User,
} from '../../../engine/store/ports.js';
import type { AccessReason } from '../../../engine/store/recordPorts.js';
import { aRegister, aUser, uniqueCode } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';
import { testSeed } from '../../support/testSeed.js';

const seed = testSeed('FC_SEED');
const runs = (numRuns: number) => ({ numRuns, ...(seed === undefined ? {} : { seed }) });

const PEOPLE = 4;
/** An index into the two departments, or none. */
const departmentChoice = fc.constantFrom<0 | 1 | null>(0, 0, 1, null);
const personIndex = fc.nat({ max: PEOPLE - 1 });
/**
 * The roles a person holds: most see only what reaches them (an executor, a department head, no
 * role), so that the parts of the rule for them are met often; the rest see every unrestricted
 * document, and heads every draft.
 */
const rolesArbitrary = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<Role[]>([], ['executor'], ['dept_head'], ['dept_head', 'executor']),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Role[]>(['registrar'], ['head'], ['auditor'], ['admin'], ['designer']),
  },
);

const grantArbitrary = fc.record({
  // Mostly to people: whether a department head sees what her people were given turns on those.
  to: fc.oneof(
    { weight: 3, arbitrary: fc.record({ person: personIndex }) },
    { weight: 1, arbitrary: fc.record({ department: fc.constantFrom<0 | 1>(0, 1) }) },
  ),
  reason: fc.constantFrom<AccessReason>('routed', 'reader', 'granted'),
});

const documentArbitrary = fc.record({
  register: fc.constantFrom<0 | 1>(0, 1),
  confidentiality: fc.constantFrom(...CONFIDENTIALITY_LEVELS),
  draft: fc.constantFrom(false, false, true),
  // A draft always has an author (the store takes none without one); `null` is the system's.
  author: fc.option(personIndex, { nil: null }),
  grants: fc.array(grantArbitrary, { maxLength: 3 }),
});

const institutionArbitrary = fc.record({
  people: fc.array(fc.record({ roles: rolesArbitrary, department: departmentChoice }), {
    minLength: PEOPLE,
    maxLength: PEOPLE,
  }),
  registers: fc.tuple(fc.constantFrom<0 | 1 | null>(0, 1, null), fc.constantFrom<0 | 1 | null>(0, 1, null)),
  documents: fc.array(documentArbitrary, { minLength: 1, maxLength: 6 }),
  /** Who stands in for whom: [deputy, principal]. */
  substitutions: fc.array(fc.tuple(personIndex, personIndex), { maxLength: 2 }),
});

type Institution = typeof institutionArbitrary extends fc.Arbitrary<infer T> ? T : never;

describeEachPort('the document access rule, in code and in the store', (subject) => {
  let departments: [Department, Department] | null = null;
  let sequence = 0;

  /** The institution's people, registers and documents, made through the store's port. */
  async function build(institution: Institution) {
    const repos = subject.store;
    departments ??= [
      await repos.departments.insert({ code: uniqueCode('N'), name: 'Ziemeļi' }),
      await repos.departments.insert({ code: uniqueCode('S'), name: 'Dienvidi' }),
    ];
    const departmentId = (choice: 0 | 1 | null) =>
      choice === null ? null : (departments?.[choice]?.id ?? null);
    const people: User[] = [];
    for (const person of institution.people) {
      people.push(await aUser(repos, { roles: person.roles, departmentId: departmentId(person.department) }));
    }
    const registers: Register[] = [];
    for (const owner of institution.registers) {
      registers.push(await aRegister(repos, { departmentId: departmentId(owner) }));
    }
    const documents: DocumentRecord[] = [];
    for (const planned of institution.documents) {
      const register = registers[planned.register] as Register;
      const author = planned.author === null ? null : (people[planned.author] as User);
      sequence += 1;
      const document = planned.draft
        ? await repos.documents.insertDraft({
            registerId: register.id,
            draftedOn: '2026-05-04',
            subject: `Melnraksts ${sequence}`,
            body: null,
            documentKind: 'letter',
            correspondentId: null,
            confidentiality: planned.confidentiality,
            replyToId: null,
            searchText: '',
            createdBy: (author ?? (people[0] as User)).id,
          })
        : await repos.documents.insert({
            registerId: register.id,
            year: 2026,
            sequence,
            registrationNumber: uniqueCode('NR'),
            registeredOn: '2026-05-04',
            subject: `Dokuments ${sequence}`,
            confidentiality: planned.confidentiality,
            createdBy: author?.id ?? null,
          });
      for (const grant of planned.grants) {
        await repos.documentAccess.grant({
          documentId: document.id,
          userId: 'person' in grant.to ? (people[grant.to.person] as User).id : null,
          departmentId: 'department' in grant.to ? departmentId(grant.to.department) : null,
          reason: grant.reason,
          grantedBy: null,
        });
      }
      documents.push(document);
    }
    return { people, registers, documents };
  }

  /** What the code's rule reads about `document`, from what the store holds. */
  async function factsOf(
    document: DocumentRecord,
    registers: Register[],
    people: User[],
  ): Promise<DocumentFacts> {
    const departmentOf = new Map(people.map((person) => [person.id, person.departmentId]));
    return {
      createdBy: document.createdBy,
      confidentiality: document.confidentiality,
      draft: document.sequence === 0,
      registerDepartmentId:
        registers.find((register) => register.id === document.registerId)?.departmentId ?? null,
      grants: (await subject.store.documentAccess.list(document.id)).map((grant) => ({
        userId: grant.userId,
        departmentId: grant.departmentId,
        granteeDepartmentId: grant.userId === null ? null : (departmentOf.get(grant.userId) ?? null),
      })),
    };
  }

  it('lets each viewer find, open and list exactly the documents the policy lets them see', async () => {
    let seen = 0;
    let hidden = 0;
    await fc.assert(
      fc.asyncProperty(institutionArbitrary, async (institution) => {
        // given an institution, each of its people a viewer, some standing in for others
        const { people, registers, documents } = await build(institution);
        const facts = await Promise.all(documents.map((document) => factsOf(document, registers, people)));
        const ids = documents.map((document) => document.id);
        const sorted = (list: string[]) => [...list].sort();
        for (const [index, person] of people.entries()) {
          const actor: Actor = {
            ...actorFromUser(person),
            actingFor: institution.substitutions
              .filter(([deputy, principal]) => deputy === index && principal !== index)
              .map(([, principal]) => actorFromUser(people[principal] as User)),
          };
          const viewer = viewerOf(actor);

          // when the code's rule is asked about each document
          const expected = ids.filter((_, at) =>
            maySeeDocument(viewer, hasRole(actor, 'dept_head'), facts[at] as DocumentFacts),
          );

          // then the store's search, canSee and hiddenAmong give the same answers
          const found: string[] = [];
          for (const register of registers) {
            for (const drafts of [false, true]) {
              const page = await subject.store.documents.search(
                { registerId: register.id, drafts, limit: 100 },
                viewer,
              );
              found.push(...page.items.map((document) => document.id));
            }
          }
          const opened: string[] = [];
          for (const id of ids) {
            if (await subject.store.documentAccess.canSee(id, viewer)) opened.push(id);
          }
          const hiddenIds = new Set(
            await subject.store.documentAccess.hiddenAmong([...ids, randomUUID()], viewer),
          );
          const listed = ids.filter((id) => !hiddenIds.has(id));

          expect({ viewer: index, found: sorted(found) }).toEqual({ viewer: index, found: sorted(expected) });
          expect({ viewer: index, opened: sorted(opened) }).toEqual({
            viewer: index,
            opened: sorted(expected),
          });
          expect({ viewer: index, listed: sorted(listed) }).toEqual({
            viewer: index,
            listed: sorted(expected),
          });
          seen += expected.length;
          hidden += ids.length - expected.length;
        }
      }),
      runs(60),
    );
    // Not vacuous: the generated cases both show and hide documents.
    expect(seen).toBeGreaterThan(0);
    expect(hidden).toBeGreaterThan(0);
  });
});
