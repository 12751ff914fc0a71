/**
 * A municipality with an archive to appraise: case files of 2020 (5 years, retention ended on
 * 1 January 2026) and of 2024 (not yet), documents registered in them in 2020 with attachments,
 * and the people of the life cycle — the registry, a head, three committee members, an auditor and
 * an executor who has nothing to do with the archive.
 */
import { Readable } from 'node:stream';
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import { prepareAttachment } from '../../engine/records/attachments.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import type { Role, Store } from '../../engine/store/ports.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import { uniqueCode } from '../support/builders.js';
import { TestClock } from '../support/workflow.js';

export async function archiveWorld(store: Store) {
  const clock = new TestClock('2020-05-12T08:00:00.000Z');
  const ctx = (actor: Actor): UseCaseContext => ({ store, actor, clock });
  await deployShippedProcesses(
    ctx({ id: null, username: 'system', displayName: 'system', roles: [], departmentId: null }),
  );
  const department = await store.departments.insert({ code: uniqueCode('KANC'), name: 'Kanceleja' });
  const person = async (roles: Role[]) =>
    actorFromUser(
      await store.users.insert({
        username: uniqueCode(roles[0] ?? 'u'),
        displayName: `Person ${roles.join(' ')}`,
        roles,
        departmentId: department.id,
        source: 'local',
      }),
    );
  const register = await store.registers.insert({
    code: uniqueCode('IEK'),
    name: 'Iekšējie',
    kind: 'internal',
    numberPattern: '{seq}/{yyyy}',
    departmentId: department.id,
  });
  const caseFile = (year: number, title: string, retentionYears: number) =>
    store.caseFiles.insert({
      indexCode: uniqueCode('1-'),
      title,
      departmentId: department.id,
      retention: 'short',
      retentionYears,
      year,
    });
  const registrar = await person(['registrar']);
  const world = {
    clock,
    ctx,
    store,
    department,
    registrar,
    head: await person(['head']),
    members: [await person(['executor']), await person(['dept_head']), await person(['registrar'])],
    auditor: await person(['auditor']),
    executor: await person(['executor']),
    toDestroy: await caseFile(2020, 'Sarakste par apgaismojumu', 5),
    toTransfer: await caseFile(2020, 'Domes lēmumi', 5),
    toKeep: await caseFile(2020, 'Līgumi', 5),
    held: await caseFile(2020, 'Tiesvedība', 5),
    notYet: await caseFile(2024, 'Sarakste 2024', 5),
  };
  const file = async (content: string, fileName: string) =>
    prepareAttachment(store, { fileName, content: Readable.from([Buffer.from(content)]) });
  const documentIn = async (caseFileId: string, subject: string, content: string) =>
    (
      await registerDocument(ctx(registrar), {
        registerId: register.id,
        subject,
        caseFileId,
        attachments: [await file(content, `${subject.slice(0, 10)}.txt`)],
      })
    ).document;
  const documents = {
    destroyed: [
      await documentIn(world.toDestroy.id, 'Iesniegums par ielas apgaismojumu', 'Lūdzu salabot laternu.'),
      await documentIn(world.toDestroy.id, 'Atbilde par apgaismojumu', 'Laterna salabota. UNIQUE-DESTROY'),
    ],
    // The same bytes as a document that stays: the blob must stay too.
    shared: await documentIn(world.toDestroy.id, 'Kopija', 'Kopīgs saturs abiem.'),
    keeper: await documentIn(world.toTransfer.id, 'Domes lēmums Nr. 5', 'Kopīgs saturs abiem.'),
    held: await documentIn(world.held.id, 'Prasības pieteikums', 'Tiesas lieta.'),
  };
  // Appraisal is done in 2026: the 2020 files' retention ended on 1 January 2026.
  clock.set('2026-03-02T08:00:00.000Z');
  return { ...world, documents };
}

export type ArchiveWorld = Awaited<ReturnType<typeof archiveWorld>>;

/** The entries of a stored ZIP (as zipArchive.ts writes it), by name. */
export function unzipStored(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let offset = 0;
  while (zip.readUInt32LE(offset) === 0x04034b50) {
    const size = zip.readUInt32LE(offset + 18);
    const nameLength = zip.readUInt16LE(offset + 26);
    const extra = zip.readUInt16LE(offset + 28);
    const name = zip.subarray(offset + 30, offset + 30 + nameLength).toString('utf8');
    const start = offset + 30 + nameLength + extra;
    entries.set(name, zip.subarray(start, start + size));
    offset = start + size;
  }
  return entries;
}
