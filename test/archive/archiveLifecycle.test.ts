/**
 * The archive's life cycle on every store (issue 19, part 2): the appraisal list offers the case
 * files whose retention ended (never one under a legal hold); an act goes through its committee of
 * three and the head's signature (processes/appraisal-act.bpmn); disposal destroys the content and
 * the bytes while the register entry stays; transfer hands out a package whose own script checks
 * its hashes; the audit chain verifies afterwards. Refused inputs change nothing; other roles are
 * refused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from '@jest/globals';
import { appraisalList, liftLegalHold, setLegalHold } from '../../engine/archive/appraisal.js';
import {
  completeArchiveTask,
  getAppraisalAct,
  listAppraisalActs,
  prepareAppraisalAct,
} from '../../engine/archive/appraisalActs.js';
import { disposeUnderAct } from '../../engine/archive/disposal.js';
import { retentionEndsOn } from '../../engine/archive/retention.js';
import { transferPackage } from '../../engine/archive/transfer.js';
import type { Actor } from '../../engine/context.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../engine/errors.js';
import { describeEachStore } from '../support/testStores.js';
import { type ArchiveWorld, archiveWorld, unzipStored } from './archiveWorld.js';

const rejection = async (attempt: Promise<unknown>): Promise<unknown> =>
  attempt.then(
    () => null,
    (error: unknown) => error,
  );

async function openTasks(w: ArchiveWorld, actId: string) {
  const act = await w.store.archive.getAct(actId);
  return (await w.store.tasks.listByInstance(act?.processInstanceId ?? '')).filter(
    (task) => task.status === 'open',
  );
}

async function complete(
  w: ArchiveWorld,
  actor: Actor,
  actId: string,
  formKey: string,
  output: Record<string, string>,
) {
  const task = (await openTasks(w, actId)).find(
    (open) => open.formKey === formKey && (open.assignee === actor.username || open.assignee === null),
  );
  if (!task) throw new Error(`no open ${formKey} task for ${actor.username}`);
  return completeArchiveTask(w.ctx(actor), task.id, formKey as 'appraisal-sign', output);
}

describeEachStore('the archive’s life cycle', (subject) => {
  it('counts retention from 1 January after the case file’s year', () => {
    expect(retentionEndsOn({ year: 2020, retention: 'short', retentionYears: 5 })).toBe('2026-01-01');
    expect(retentionEndsOn({ year: 2020, retention: 'long', retentionYears: 75 })).toBe('2096-01-01');
    expect(retentionEndsOn({ year: 2020, retention: 'permanent', retentionYears: null })).toBeNull();
  });

  it('appraises, approves, destroys and transfers, and the audit chain still verifies', async () => {
    const w = await archiveWorld(subject.store);
    await setLegalHold(w.ctx(w.registrar), { caseFileId: w.held.id, reason: 'Tiesvedība C-123/2025' });

    const list = await appraisalList(w.ctx(w.registrar), { departmentId: w.department.id });
    const due = list.due.map((row) => row.id);
    expect(due).toEqual(expect.arrayContaining([w.toDestroy.id, w.toTransfer.id, w.toKeep.id]));
    expect(due).not.toContain(w.held.id);
    expect(due).not.toContain(w.notYet.id);
    expect(list.held.map((row) => row.id)).toContain(w.held.id);

    // A held file is refused in an act, as is one not due; nothing is stored.
    const committee = w.members.map((member) => member.username);
    const refused = await rejection(
      prepareAppraisalAct(w.ctx(w.registrar), {
        committee,
        items: [
          { caseFileId: w.held.id, decision: 'destroy', reason: 'Beidzies termiņš' },
          { caseFileId: w.notYet.id, decision: 'destroy', reason: 'Beidzies termiņš' },
        ],
      }),
    );
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).problems.map((problem) => problem.field)).toEqual([
      `items.${w.held.id}.decision`,
      `items.${w.notYet.id}.decision`,
    ]);
    const twoMembers = await rejection(
      prepareAppraisalAct(w.ctx(w.registrar), {
        committee: committee.slice(0, 2),
        items: [{ caseFileId: w.toDestroy.id, decision: 'destroy', reason: 'x' }],
      }),
    );
    expect((twoMembers as Invalid).problems).toEqual([expect.objectContaining({ field: 'committee' })]);
    expect(await listAppraisalActs(w.ctx(w.registrar))).toHaveLength(0);
    // Only the registry prepares acts.
    expect(
      await rejection(
        prepareAppraisalAct(w.ctx(w.head), {
          committee,
          items: [{ caseFileId: w.toDestroy.id, decision: 'destroy', reason: 'x' }],
        }),
      ),
    ).toBeInstanceOf(Forbidden);

    const act = await prepareAppraisalAct(w.ctx(w.registrar), {
      departmentId: w.department.id,
      committee,
      note: 'Ekspertīze 2026',
      items: [
        { caseFileId: w.toDestroy.id, decision: 'destroy', reason: 'Termiņš beidzies, vērtības nav' },
        { caseFileId: w.toTransfer.id, decision: 'transfer', reason: 'Pastāvīgi glabājami lēmumi' },
        { caseFileId: w.toKeep.id, decision: 'keep', reason: 'Līgumi vēl spēkā', keepUntilYear: 2031 },
      ],
    });
    expect(act.number).toBe('AA-2026-1');
    expect((await appraisalList(w.ctx(w.registrar))).due.map((row) => row.id)).not.toContain(w.toDestroy.id);
    expect((await openTasks(w, act.id)).map((task) => task.assignee).sort()).toEqual([...committee].sort());

    // An outsider neither sees the act nor may decide on it; the auditor reads it.
    expect(await rejection(getAppraisalAct(w.ctx(w.executor), act.id))).toBeInstanceOf(NotFound);
    expect((await getAppraisalAct(w.ctx(w.auditor), act.id)).act.number).toBe('AA-2026-1');
    expect(await rejection(disposeUnderAct(w.ctx(w.registrar), { actId: act.id }))).toBeInstanceOf(Conflict);

    // One member disagrees: the act goes back to the registry, which submits it again.
    const [first, second, third] = w.members as [Actor, Actor, Actor];
    expect(
      await rejection(complete(w, first, act.id, 'appraisal-committee', { decision: 'disagree' })),
    ).toBeInstanceOf(Invalid);
    await complete(w, first, act.id, 'appraisal-committee', { decision: 'agree' });
    await complete(w, second, act.id, 'appraisal-committee', {
      decision: 'disagree',
      comment: 'Pārbaudīt līgumus',
    });
    await complete(w, third, act.id, 'appraisal-committee', { decision: 'agree' });
    expect((await w.store.archive.getAct(act.id))?.status).toBe('in_rework');
    await complete(w, w.registrar, act.id, 'appraisal-rework', { rework: 'resubmit', comment: 'Pārbaudīts' });
    for (const member of w.members)
      await complete(w, member, act.id, 'appraisal-committee', { decision: 'agree' });
    expect(
      await rejection(complete(w, w.registrar, act.id, 'appraisal-sign', { signature: 'sign_act' })),
    ).toBeDefined();
    await complete(w, w.head, act.id, 'appraisal-sign', { signature: 'sign_act' });
    const approved = await w.store.archive.getAct(act.id);
    expect(approved?.status).toBe('approved');
    expect(await openTasks(w, act.id)).toHaveLength(0);

    // Only the registry carries it out.
    expect(await rejection(disposeUnderAct(w.ctx(w.head), { actId: act.id }))).toBeInstanceOf(Forbidden);
    expect(await rejection(transferPackage(w.ctx(w.auditor), { actId: act.id }))).toBeInstanceOf(Forbidden);

    const [destroyed] = w.documents.destroyed;
    const attachment = (await w.store.attachments.list(destroyed?.id ?? ''))[0];
    const sharedBlob = (await w.store.attachments.list(w.documents.shared.id))[0]?.sha256 ?? '';
    const disposal = await disposeUnderAct(w.ctx(w.registrar), { actId: act.id });
    expect(disposal.destroyedDocuments).toBe(3);
    // The shared content stays for the transferred document; the others' bytes are gone.
    expect(disposal.deletedBlobs).toBe(2);
    expect(await w.store.blobs.has(attachment?.sha256 ?? '')).toBe(false);
    expect(await w.store.blobs.has(sharedBlob)).toBe(true);
    const entry = await w.store.documents.get(destroyed?.id ?? '');
    expect(entry?.registrationNumber).toBe(destroyed?.registrationNumber);
    expect(entry?.subject).toBe('[destroyed: AA-2026-1]');
    expect(await w.store.attachments.list(destroyed?.id ?? '')).toHaveLength(0);
    expect(
      (
        await w.store.documents.search(
          { text: 'UNIQUE-DESTROY' },
          { userId: w.registrar.id ?? '', departmentId: null, seesAllUnrestricted: true },
        )
      ).total,
    ).toBe(0);
    expect(await rejection(disposeUnderAct(w.ctx(w.registrar), { actId: act.id }))).toBeInstanceOf(Conflict);
    const events = await w.store.audit.list({ objectType: 'document', objectId: destroyed?.id ?? '' });
    expect(events.map((event) => event.action)).toContain('document.destroyed');

    const pkg = await transferPackage(w.ctx(w.registrar), { actId: act.id });
    expect((await w.store.archive.getAct(act.id))?.status).toBe('executed');
    const entries = unzipStored(pkg.data);
    const names = [...entries.keys()];
    expect(names).toEqual(
      expect.arrayContaining([
        'AA-2026-1/act/AA-2026-1.pdf',
        'AA-2026-1/act/act.json',
        'AA-2026-1/SHA256SUMS',
        'AA-2026-1/check.mjs',
        'AA-2026-1/check.sh',
      ]),
    );
    const documentJson = names.find((name) => name.endsWith('/document.json')) ?? '';
    expect(JSON.parse(entries.get(documentJson)?.toString('utf8') ?? '{}')).toMatchObject({
      subject: 'Domes lēmums Nr. 5',
      retentionEndsOn: '2026-01-01',
      attachments: [expect.objectContaining({ sha256: sharedBlob })],
    });
    expect(entries.get('AA-2026-1/act/AA-2026-1.pdf')?.subarray(0, 5).toString()).toBe('%PDF-');

    // The package's own script checks it, and finds a changed file.
    const dir = await mkdtemp(path.join(tmpdir(), 'kanceleja-transfer-'));
    try {
      for (const [name, data] of entries) {
        await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
        await writeFile(path.join(dir, name), data);
      }
      const root = path.join(dir, 'AA-2026-1');
      expect(execFileSync(process.execPath, ['check.mjs'], { cwd: root, encoding: 'utf8' })).toContain(
        'files match',
      );
      await writeFile(path.join(root, documentJson.slice('AA-2026-1/'.length)), '{}');
      const tampered = spawnSync(process.execPath, ['check.mjs'], { cwd: root, encoding: 'utf8' });
      expect(tampered.status).toBe(1);
      expect(tampered.stdout).toContain('CHANGED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const after = await appraisalList(w.ctx(w.registrar));
    expect(after.due.map((row) => row.id)).not.toEqual(expect.arrayContaining([w.toDestroy.id]));
    expect(after.due.map((row) => row.id)).not.toContain(w.toKeep.id);
    expect(await w.store.audit.verify()).toMatchObject({ ok: true });
  });

  it('never disposes of a held case file, and audits setting and lifting holds', async () => {
    const w = await archiveWorld(subject.store);
    const committee = w.members.map((member) => member.username);
    const act = await prepareAppraisalAct(w.ctx(w.registrar), {
      committee,
      items: [{ caseFileId: w.toDestroy.id, decision: 'destroy', reason: 'Termiņš beidzies' }],
    });
    for (const member of w.members)
      await complete(w, member, act.id, 'appraisal-committee', { decision: 'agree' });
    await complete(w, w.head, act.id, 'appraisal-sign', { signature: 'sign_act' });
    // A hold set after approval stops the disposal: nothing is destroyed.
    expect(
      await rejection(setLegalHold(w.ctx(w.executor), { caseFileId: w.toDestroy.id, reason: 'x' })),
    ).toBeInstanceOf(Forbidden);
    expect(
      await rejection(setLegalHold(w.ctx(w.registrar), { caseFileId: w.toDestroy.id, reason: ' ' })),
    ).toBeInstanceOf(Invalid);
    await setLegalHold(w.ctx(w.registrar), {
      caseFileId: w.toDestroy.id,
      reason: 'Prokuratūras pieprasījums',
    });
    expect(await rejection(disposeUnderAct(w.ctx(w.registrar), { actId: act.id }))).toBeInstanceOf(Conflict);
    const [kept] = w.documents.destroyed;
    expect((await w.store.documents.get(kept?.id ?? ''))?.subject).toBe('Iesniegums par ielas apgaismojumu');
    expect((await w.store.attachments.list(kept?.id ?? '')).length).toBe(1);
    expect(
      await rejection(liftLegalHold(w.ctx(w.registrar), { caseFileId: w.notYet.id, reason: 'x' })),
    ).toBeInstanceOf(Conflict);
    await liftLegalHold(w.ctx(w.registrar), { caseFileId: w.toDestroy.id, reason: 'Pieprasījums atsaukts' });
    const actions = (await w.store.audit.list({ objectType: 'case_file', objectId: w.toDestroy.id })).map(
      (event) => event.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['case_file.hold_set', 'case_file.hold_lifted']));
    expect((await disposeUnderAct(w.ctx(w.registrar), { actId: act.id })).destroyedDocuments).toBe(3);
    // The executor and other roles do not read the archive.
    expect(await rejection(appraisalList(w.ctx(w.executor)))).toBeInstanceOf(Forbidden);
    expect(await w.store.audit.verify()).toMatchObject({ ok: true });
  });

  it('withdraws an act the head returned', async () => {
    const w = await archiveWorld(subject.store);
    const act = await prepareAppraisalAct(w.ctx(w.registrar), {
      committee: w.members.map((member) => member.username),
      items: [{ caseFileId: w.toKeep.id, decision: 'keep', reason: 'Vēl vajadzīgi', keepUntilYear: 2030 }],
    });
    for (const member of w.members)
      await complete(w, member, act.id, 'appraisal-committee', { decision: 'agree' });
    expect(
      await rejection(complete(w, w.head, act.id, 'appraisal-sign', { signature: 'return' })),
    ).toBeInstanceOf(Invalid);
    await complete(w, w.head, act.id, 'appraisal-sign', {
      signature: 'return',
      comment: 'Pamatojums par īsu',
    });
    await complete(w, w.registrar, act.id, 'appraisal-rework', { rework: 'withdraw' });
    expect((await w.store.archive.getAct(act.id))?.status).toBe('withdrawn');
    expect(await openTasks(w, act.id)).toHaveLength(0);
    expect((await appraisalList(w.ctx(w.registrar))).due.map((row) => row.id)).toContain(w.toKeep.id);
  });
});
