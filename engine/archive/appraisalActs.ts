/**
 * Appraisal acts (ekspertīzes akts, issue 19, part 2): the registry prepares an act naming which
 * case files whose retention has ended are destroyed, transferred to the state archive or kept
 * longer, and why; the shipped process `appraisal-act` (processes/appraisal-act.bpmn) takes it to a
 * committee of three (each decides, in parallel) and to a head, who signs it. The act's status moves
 * with the completions of its tasks, in their transactions (completeTaskWith): `in_approval` →
 * `approved` (signed), or `in_rework` (a member disagreed, or the head returned it) → `in_approval`
 * again or `withdrawn`. What an approved act decided is done by disposal.ts and transfer.ts.
 */
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { caseFileLabel } from '../records/caseFiles.js';
import { completeTaskWith, taskOfForm } from '../records/completeTaskWith.js';
import {
  mayServeOnAppraisalCommittee,
  maySeeAppraisalAct,
  maySignAppraisalActs,
  requireArchivist,
} from '../policies/archive.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import {
  APPRAISAL_DECISIONS,
  type AppraisalAct,
  type AppraisalActItem,
  type ArchiveCaseFile,
  type CommitteeDecision,
} from '../store/archivePorts.js';
import type { JsonValue, Repositories } from '../store/ports.js';
import type { JsonObject, TaskRecord } from '../store/workflowPorts.js';
import type { CompletedTask } from '../workflow/runtime/completeTask.js';
import { startProcessIn } from '../workflow/runtime/startProcess.js';
import { isOffered } from './retention.js';

export const APPRAISAL_PROCESS_KEY = 'appraisal-act';
export const COMMITTEE_SIZE = 3;
export const ARCHIVE_FORM_KEYS = ['appraisal-committee', 'appraisal-sign', 'appraisal-rework'] as const;
export type ArchiveFormKey = (typeof ARCHIVE_FORM_KEYS)[number];

export const isArchiveFormKey = (formKey: string | null): formKey is ArchiveFormKey =>
  (ARCHIVE_FORM_KEYS as readonly (string | null)[]).includes(formKey);

export interface PrepareActProps {
  departmentId?: string | null;
  note?: string | null;
  committee: string[];
  items: { caseFileId: string; decision: string; reason: string; keepUntilYear?: number | null }[];
}

/** The registry prepares an act over case files offered for appraisal and starts its approval. */
export async function prepareAppraisalAct(
  ctx: UseCaseContext,
  props: PrepareActProps,
): Promise<AppraisalAct> {
  requireArchivist(ctx.actor);
  const problems = new Problems();
  const note = problems.optionalText('note', props.note, 4000);
  const departmentId = props.departmentId || null;
  if (departmentId !== null && !isUuid(departmentId))
    problems.add('departmentId', 'is not a department id', 'problem.notDepartmentId');
  const committee = [...new Set(props.committee.map((username) => username.trim()).filter(Boolean))];
  if (committee.length !== COMMITTEE_SIZE)
    problems.add('committee', 'name three different committee members', 'problem.threeMembers');
  if (props.items.length === 0)
    problems.add('items', 'choose at least one case file', 'problem.chooseCaseFile');
  const today = localDate(ctx.clock.now(), settingsOf(ctx).timeZone);
  const thisYear = Number(today.slice(0, 4));
  return ctx.store.transaction(async (tx) => {
    if (departmentId !== null && isUuid(departmentId) && !(await tx.departments.get(departmentId))) {
      problems.add('departmentId', 'no such department', 'problem.noDepartment');
    }
    for (const username of committee) {
      const user = await tx.users.getByUsername(username);
      if (!user || !mayServeOnAppraisalCommittee(user))
        problems.add('committee', `no such user: ${username}`, 'problem.noUser', { username });
    }
    const items: AppraisalActItem[] = [];
    const seen = new Set<string>();
    const files: ArchiveCaseFile[] = [];
    for (const item of props.items) {
      const field = `items.${item.caseFileId}`;
      const caseFile = isUuid(item.caseFileId) ? await tx.archive.caseFile(item.caseFileId) : null;
      if (!caseFile || seen.has(caseFile.id)) {
        problems.add(field, 'no such case file', 'problem.noCaseFile');
        continue;
      }
      seen.add(caseFile.id);
      if (caseFile.hold !== null)
        problems.add(`${field}.decision`, 'the case file is under a legal hold', 'problem.caseFileHeld');
      else if (!isOffered(caseFile, today))
        problems.add(`${field}.decision`, 'the case file is not due for appraisal', 'problem.caseFileNotDue');
      const decision = problems.oneOf(`${field}.decision`, item.decision || undefined, APPRAISAL_DECISIONS);
      if (!item.decision) problems.add(`${field}.decision`, 'is required', 'problem.required');
      const reason = problems.text(`${field}.reason`, item.reason, 2000);
      let keepUntilYear: number | null = null;
      if (decision === 'keep') {
        const year = item.keepUntilYear ?? null;
        if (year === null || !Number.isInteger(year) || year <= thisYear || year > thisYear + 100) {
          problems.add(`${field}.keepUntilYear`, `must be a year after ${thisYear}`, 'problem.yearAfter', {
            year: thisYear,
          });
        } else keepUntilYear = year;
      }
      if (decision) items.push({ caseFileId: caseFile.id, decision, reason, keepUntilYear });
      files.push(caseFile);
    }
    problems.check('The appraisal act cannot be prepared.', 'refusal.actNotPrepared');
    const now = ctx.clock.now();
    const act = await tx.archive.insertAct({
      year: thisYear,
      departmentId,
      note,
      committee,
      preparedBy: ctx.actor.id,
      preparedAt: now,
      items,
    });
    const started = await startProcessIn(ctx, tx, {
      key: APPRAISAL_PROCESS_KEY,
      businessKey: act.id,
      variables: {
        actId: act.id,
        actNumber: act.number,
        committee,
        preparer: ctx.actor.username,
        committeeRejected: false,
      },
    });
    const withProcess = await tx.archive.updateAct(act.id, act.version, {
      processInstanceId: started.instanceId,
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'appraisal_act.prepared',
      objectType: 'appraisal_act',
      objectId: act.id,
      details: {
        number: act.number,
        committee,
        items: items.map((item) => ({
          caseFile: caseFileLabel(files.find((file) => file.id === item.caseFileId) as ArchiveCaseFile),
          decision: item.decision,
          reason: item.reason,
          keepUntilYear: item.keepUntilYear,
        })),
      },
    });
    return withProcess;
  });
}

export interface AppraisalActView {
  act: AppraisalAct;
  caseFiles: Map<string, ArchiveCaseFile>;
}

/** One act with its case files: for the archive's readers and the act's committee members. */
export async function getAppraisalAct(ctx: UseCaseContext, actId: string): Promise<AppraisalActView> {
  const act = isUuid(actId) ? await ctx.store.archive.getAct(actId) : null;
  if (!act || !maySeeAppraisalAct(ctx.actor, act))
    throw new NotFound('No such appraisal act.', 'refusal.noSuchAct');
  const caseFiles = new Map<string, ArchiveCaseFile>();
  for (const item of act.items) {
    const caseFile = await ctx.store.archive.caseFile(item.caseFileId);
    if (caseFile) caseFiles.set(caseFile.id, caseFile);
  }
  return { act, caseFiles };
}

export async function listAppraisalActs(ctx: UseCaseContext): Promise<AppraisalAct[]> {
  const acts = await ctx.store.archive.listActs();
  return acts.filter((act) => maySeeAppraisalAct(ctx.actor, act));
}

/** The act behind a task of the appraisal process, in the state the task expects. */
async function actOf(
  tx: Repositories,
  task: TaskRecord,
  status: AppraisalAct['status'],
): Promise<AppraisalAct> {
  const act = task.businessKey ? await tx.archive.getAct(task.businessKey) : null;
  if (!act) throw new NotFound('No such appraisal act.', 'refusal.noSuchAct');
  if (act.status !== status)
    throw new Conflict(
      `The appraisal act ${act.number} is ${act.status.replace('_', ' ')}.`,
      'refusal.actState',
      { number: act.number, status: act.status.replace('_', ' ') },
    );
  return act;
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

/** A committee member agrees to the act or disagrees with it (saying why). */
export async function decideOnAct(
  ctx: UseCaseContext,
  props: { taskId: string; decision: string; comment?: string | null },
): Promise<CompletedTask> {
  const task = await taskOfForm(ctx, props.taskId, 'appraisal-committee');
  const problems = new Problems();
  const decision = problems.oneOf('decision', props.decision || undefined, ['agree', 'disagree'] as const);
  if (!decision) problems.add('decision', 'is required', 'problem.required');
  const comment = problems.optionalText('comment', props.comment, 4000);
  if (decision === 'disagree' && comment === null)
    problems.add('comment', 'say why the act should change', 'problem.sayWhyAct');
  problems.check('The decision cannot be given.', 'refusal.actDecision');
  return completeTaskWith(ctx, task, { decision, comment }, async (tx, claimed) => {
    const act = await actOf(tx, claimed, 'in_approval');
    const member = claimed.assignee ?? ctx.actor.username;
    const decisions: CommitteeDecision[] = [
      ...act.decisions.filter((entry) => entry.username !== member),
      {
        username: member,
        decision: decision as CommitteeDecision['decision'],
        comment,
        at: ctx.clock.now().toISOString(),
      },
    ];
    const rejected = decisions.some((entry) => entry.decision === 'disagree');
    const complete = decisions.length >= act.committee.length;
    await tx.archive.updateAct(act.id, act.version, {
      decisions,
      ...(complete && rejected ? { status: 'in_rework' as const } : {}),
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'appraisal_act.committee_decided',
      objectType: 'appraisal_act',
      objectId: act.id,
      details: { number: act.number, member, decision, comment },
    });
    return { committeeRejected: rejected };
  });
}

/** A head signs the act the committee agreed to (it is approved), or returns it for rework. */
export async function signAct(
  ctx: UseCaseContext,
  props: { taskId: string; signature: string; comment?: string | null },
): Promise<CompletedTask> {
  if (!maySignAppraisalActs(ctx.actor))
    throw new Forbidden('Only a head signs appraisal acts.', 'refusal.headSignsActs');
  const task = await taskOfForm(ctx, props.taskId, 'appraisal-sign');
  const problems = new Problems();
  const signature = problems.oneOf('signature', props.signature || undefined, [
    'sign_act',
    'return',
  ] as const);
  if (!signature) problems.add('signature', 'is required', 'problem.required');
  const comment = problems.optionalText('comment', props.comment, 4000);
  if (signature === 'return' && comment === null)
    problems.add('comment', 'say why the act should change', 'problem.sayWhyAct');
  problems.check('The act cannot be signed.', 'refusal.actNotSigned');
  return completeTaskWith(ctx, task, { signature, comment }, async (tx, claimed) => {
    const act = await actOf(tx, claimed, 'in_approval');
    const now = ctx.clock.now();
    if (signature === 'sign_act') {
      await tx.archive.updateAct(act.id, act.version, {
        status: 'approved',
        signedBy: ctx.actor.id,
        signedAt: now,
      });
    } else {
      await tx.archive.updateAct(act.id, act.version, { status: 'in_rework' });
    }
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: signature === 'sign_act' ? 'appraisal_act.signed' : 'appraisal_act.returned',
      objectType: 'appraisal_act',
      objectId: act.id,
      details: { number: act.number, comment },
    });
    return undefined;
  });
}

/** The preparer submits a returned act to the committee again, or withdraws it. */
export async function reworkAct(
  ctx: UseCaseContext,
  props: { taskId: string; rework: string; comment?: string | null },
): Promise<CompletedTask> {
  requireArchivist(ctx.actor);
  const task = await taskOfForm(ctx, props.taskId, 'appraisal-rework');
  const problems = new Problems();
  const rework = problems.oneOf('rework', props.rework || undefined, ['resubmit', 'withdraw'] as const);
  if (!rework) problems.add('rework', 'is required', 'problem.required');
  const comment = problems.optionalText('comment', props.comment, 4000);
  problems.check('The act cannot be reworked.', 'refusal.actNotReworked');
  return completeTaskWith(ctx, task, { rework, comment }, async (tx, claimed) => {
    const act = await actOf(tx, claimed, 'in_rework');
    await tx.archive.updateAct(
      act.id,
      act.version,
      rework === 'resubmit' ? { status: 'in_approval', decisions: [] } : { status: 'withdrawn' },
    );
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: rework === 'resubmit' ? 'appraisal_act.resubmitted' : 'appraisal_act.withdrawn',
      objectType: 'appraisal_act',
      objectId: act.id,
      details: { number: act.number, comment },
    });
    return { committeeRejected: false };
  });
}

/** The task page and `POST /api/tasks/{id}/complete` route the appraisal forms here. */
export function completeArchiveTask(
  ctx: UseCaseContext,
  taskId: string,
  formKey: ArchiveFormKey,
  output: JsonObject,
): Promise<CompletedTask> {
  const comment = text(output.comment) || null;
  switch (formKey) {
    case 'appraisal-committee':
      return decideOnAct(ctx, { taskId, decision: text(output.decision), comment });
    case 'appraisal-sign':
      return signAct(ctx, { taskId, signature: text(output.signature), comment });
    case 'appraisal-rework':
      return reworkAct(ctx, { taskId, rework: text(output.rework), comment });
  }
}
