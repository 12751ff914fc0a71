/**
 * The appraisal list (issue 19, part 2): the case files whose retention has ended, per department,
 * and the legal holds that keep a case file out of it. The registry keeps them; heads and auditors
 * read them (engine/policies/archive.ts).
 */
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Conflict, NotFound } from '../errors.js';
import { caseFileLabel } from '../records/caseFiles.js';
import { mayServeOnAppraisalCommittee, requireArchiveReader, requireArchivist } from '../policies/archive.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import type { ArchiveCaseFile } from '../store/archivePorts.js';
import type { Department, JsonValue, Repositories } from '../store/ports.js';
import { appraisalDueOn, isOffered, retentionEndsOn } from './retention.js';

export interface AppraisalRow extends ArchiveCaseFile {
  retentionEndsOn: string | null;
  dueOn: string | null;
  offered: boolean;
}

export interface AppraisalList {
  today: string;
  departments: Department[];
  /** Offered for appraisal now, by department (null: no department), then year and index. */
  due: AppraisalRow[];
  /** Due but under a legal hold: not offered. */
  held: AppraisalRow[];
  /** Every case file under a legal hold, due or not. */
  holds: AppraisalRow[];
  /** Every case file not destroyed nor transferred: what a hold may be set on. */
  caseFiles: AppraisalRow[];
}

const today = (ctx: UseCaseContext): string => localDate(ctx.clock.now(), settingsOf(ctx).timeZone);

const rowOf = (caseFile: ArchiveCaseFile, on: string): AppraisalRow => ({
  ...caseFile,
  retentionEndsOn: retentionEndsOn(caseFile),
  dueOn: appraisalDueOn(caseFile),
  offered: isOffered(caseFile, on),
});

export async function appraisalList(
  ctx: UseCaseContext,
  filter: { departmentId?: string | null } = {},
): Promise<AppraisalList> {
  requireArchiveReader(ctx.actor);
  const on = today(ctx);
  const departmentId = filter.departmentId && isUuid(filter.departmentId) ? filter.departmentId : null;
  const rows = (await ctx.store.archive.caseFiles({ lastYear: Number(on.slice(0, 4)), departmentId })).map(
    (caseFile) => rowOf(caseFile, on),
  );
  const departments = await ctx.store.departments.list();
  const order = (row: AppraisalRow) =>
    departments.find((department) => department.id === row.departmentId)?.name ?? '';
  const byDepartment = (a: AppraisalRow, b: AppraisalRow) =>
    order(a).localeCompare(order(b)) ||
    a.year - b.year ||
    a.indexCode.localeCompare(b.indexCode, undefined, { numeric: true });
  const ended = (row: AppraisalRow) =>
    row.dueOn !== null &&
    row.dueOn <= on &&
    row.pendingActId === null &&
    row.outcome !== 'destroyed' &&
    row.outcome !== 'transferred';
  return {
    today: on,
    departments,
    due: rows.filter((row) => row.offered).sort(byDepartment),
    held: rows.filter((row) => ended(row) && row.hold !== null).sort(byDepartment),
    holds: rows.filter((row) => row.hold !== null).sort(byDepartment),
    caseFiles: rows
      .filter((row) => row.outcome !== 'destroyed' && row.outcome !== 'transferred')
      .sort(byDepartment),
  };
}

/** One case file as the appraisal list shows it (its retention, hold and outcome), for the archive's readers. */
export async function archiveCaseFile(ctx: UseCaseContext, caseFileId: string): Promise<AppraisalRow> {
  requireArchiveReader(ctx.actor);
  const caseFile = isUuid(caseFileId) ? await ctx.store.archive.caseFile(caseFileId) : null;
  if (!caseFile) throw new NotFound('No such case file.', 'refusal.noSuchCaseFile');
  return rowOf(caseFile, today(ctx));
}

/**
 * A change of a case file's legal hold by the registry, with a reason: `apply` makes it and returns
 * what the audit event tells besides the case file, its year and the reason.
 */
async function changeLegalHold(
  ctx: UseCaseContext,
  props: { caseFileId: string; reason: string },
  change: {
    /** The refusal's English text and its message code. */
    refused: readonly [message: string, code: string];
    action: string;
    apply: (
      tx: Repositories,
      caseFile: ArchiveCaseFile,
      reason: string,
      now: Date,
    ) => Promise<{ [key: string]: JsonValue }>;
  },
): Promise<void> {
  requireArchivist(ctx.actor);
  const problems = new Problems();
  const reason = problems.text('reason', props.reason, 2000);
  problems.check(...change.refused);
  await ctx.store.transaction(async (tx) => {
    const caseFile = isUuid(props.caseFileId) ? await tx.archive.caseFile(props.caseFileId) : null;
    if (!caseFile) throw new NotFound('No such case file.', 'refusal.noSuchCaseFile');
    const now = ctx.clock.now();
    const details = await change.apply(tx, caseFile, reason, now);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: change.action,
      objectType: 'case_file',
      objectId: caseFile.id,
      details: { caseFile: caseFileLabel(caseFile), year: caseFile.year, reason, ...details },
    });
  });
}

/** The registry puts a case file under a legal hold, with a reason: it is never offered for disposal. */
export async function setLegalHold(
  ctx: UseCaseContext,
  props: { caseFileId: string; reason: string },
): Promise<void> {
  await changeLegalHold(ctx, props, {
    refused: ['The legal hold cannot be set.', 'refusal.holdNotSet'],
    action: 'case_file.hold_set',
    apply: async (tx, caseFile, reason, now) => {
      if (caseFile.outcome === 'destroyed')
        throw new Conflict('The case file was destroyed already.', 'refusal.caseFileDestroyed');
      await tx.archive.setHold({ caseFileId: caseFile.id, reason, setBy: ctx.actor.id, setAt: now });
      return {};
    },
  });
}

/** The registry lifts a legal hold, with a reason; the case file is appraised as any other again. */
export async function liftLegalHold(
  ctx: UseCaseContext,
  props: { caseFileId: string; reason: string },
): Promise<void> {
  await changeLegalHold(ctx, props, {
    refused: ['The legal hold cannot be lifted.', 'refusal.holdNotLifted'],
    action: 'case_file.hold_lifted',
    apply: async (tx, caseFile) => {
      if (!(await tx.archive.liftHold(caseFile.id)))
        throw new Conflict('The case file is not under a legal hold.', 'refusal.caseFileNotHeld');
      return { heldFor: caseFile.hold?.reason ?? null };
    },
  });
}

/** Who the registry may name to an act's committee: active people who work with records. */
export async function appraisalCommitteeChoices(
  ctx: UseCaseContext,
): Promise<{ username: string; displayName: string }[]> {
  requireArchivist(ctx.actor);
  return (await ctx.store.users.list())
    .filter(mayServeOnAppraisalCommittee)
    .map((user) => ({ username: user.username, displayName: user.displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
}
