/**
 * The archive's answers (web/api/archiveApi.ts): the schemas the OpenAPI document shows and the
 * presenters that pick those fields from what engine/archive returned, never its records as they are.
 */
import { z } from 'zod';
import type { AppraisalList, AppraisalRow } from '../../../engine/archive/appraisal.js';
import type { AppraisalActView } from '../../../engine/archive/appraisalActs.js';
import type { DisposalResult } from '../../../engine/archive/disposal.js';
import { retentionEndsOn } from '../../../engine/archive/retention.js';
import {
  APPRAISAL_ACT_STATUSES,
  APPRAISAL_DECISIONS,
  type AppraisalAct,
  type ArchiveCaseFile,
} from '../../../engine/store/archivePorts.js';
import { RETENTION_CLASSES } from '../../../engine/store/recordPorts.js';
import { presentAs } from './presentAs.js';
import { CalendarDate, Instant } from './schemas.js';

const CASE_FILE_OUTCOMES = ['destroyed', 'transferred', 'kept'] as const;

export const LegalHoldBody = z
  .object({
    reason: z.string(),
    setBy: z.string().nullable().describe('The user who set it.'),
    setAt: Instant,
  })
  .describe('A legal hold: the case file is never offered for appraisal nor destroyed while it holds.');

export const ArchiveCaseFileBody = z
  .object({
    id: z.string(),
    indexCode: z.string(),
    title: z.string(),
    departmentId: z.string().nullable(),
    year: z.number().int(),
    retention: z.enum(RETENTION_CLASSES),
    retentionYears: z.number().int().nullable(),
    retentionEndsOn: CalendarDate.nullable().describe(
      'The first day it is no longer kept (1 January after year + retention); null when permanent.',
    ),
    documentCount: z.number().int(),
    hold: LegalHoldBody.nullable(),
    outcome: z.enum(CASE_FILE_OUTCOMES).nullable().describe('What an executed act did with it.'),
    keepUntilYear: z
      .number()
      .int()
      .nullable()
      .describe('Kept longer by an act: appraised again from 1 January of this year.'),
    pendingActId: z.string().nullable().describe('An act in progress that names it.'),
  })
  .describe("A case file's place in the archive's life cycle.");

export const AppraisalRowBody = ArchiveCaseFileBody.extend({
  dueOn: CalendarDate.nullable().describe(
    'When it is due for appraisal: its retention end, or the end of a longer keeping.',
  ),
  offered: z
    .boolean()
    .describe('Offered for appraisal today: due, not held, not in an act, not destroyed nor transferred.'),
}).describe('A case file as the appraisal list shows it.');

export const AppraisalListBody = z
  .object({
    today: CalendarDate,
    departmentId: z.string().nullable().describe('The department filtered on; null: every department.'),
    due: z
      .array(AppraisalRowBody)
      .describe('Retention ended: offered for appraisal, by department, year and index.'),
    held: z.array(AppraisalRowBody).describe('Retention ended but under a legal hold: not offered.'),
    holds: z.array(AppraisalRowBody).describe('Every case file under a legal hold, due or not.'),
  })
  .describe('The case files whose retention has ended, and the legal holds.');

export const AppraisalActItemBody = z.object({
  caseFileId: z.string(),
  decision: z.enum(APPRAISAL_DECISIONS),
  reason: z.string(),
  keepUntilYear: z.number().int().nullable().describe('For `keep`: kept until 1 January of this year.'),
});

export const CommitteeDecisionBody = z.object({
  username: z.string(),
  decision: z.enum(['agree', 'disagree']),
  comment: z.string().nullable(),
  at: Instant,
});

export const AppraisalActBody = z
  .object({
    id: z.string(),
    number: z.string().describe('`AA-<year>-<n>`.'),
    year: z.number().int(),
    departmentId: z.string().nullable(),
    status: z.enum(APPRAISAL_ACT_STATUSES),
    note: z.string().nullable(),
    committee: z.array(z.string()).describe("The three committee members' usernames."),
    decisions: z.array(CommitteeDecisionBody).describe("The committee's decisions in the current round."),
    preparedBy: z.string().nullable(),
    preparedAt: Instant,
    signedBy: z.string().nullable(),
    signedAt: Instant.nullable(),
    disposedAt: Instant.nullable(),
    transferredAt: Instant.nullable(),
    packageSha256: z.string().nullable().describe('SHA-256 of the last transfer package handed out.'),
    processInstanceId: z
      .string()
      .nullable()
      .describe('Its approval process (`appraisal-act`); the tasks API serves its tasks.'),
    items: z.array(AppraisalActItemBody),
    version: z.number().int(),
  })
  .describe('An appraisal act.');

export const AppraisalActCardBody = AppraisalActBody.extend({
  caseFiles: z.array(ArchiveCaseFileBody).describe('The case files the act names.'),
}).describe('An appraisal act with its case files.');

const PENDING_STEPS = ['disposal', 'transfer'] as const;

export const DisposalStatusBody = z
  .object({
    id: z.string(),
    number: z.string(),
    status: z.enum(APPRAISAL_ACT_STATUSES),
    disposedAt: Instant.nullable().describe('When its disposal was carried out.'),
    transferredAt: Instant.nullable().describe('When its first transfer package was handed out.'),
    packageSha256: z.string().nullable(),
    pending: z
      .array(z.enum(PENDING_STEPS))
      .describe('What is left to do: `disposal` of an approved act, `transfer` of one that transfers files.'),
    items: z.array(
      AppraisalActItemBody.extend({
        indexCode: z.string().nullable(),
        title: z.string().nullable(),
        year: z.number().int().nullable(),
        outcome: z.enum(CASE_FILE_OUTCOMES).nullable(),
        underHold: z.boolean().describe('A hold set after approval stops the disposal until it is lifted.'),
      }),
    ),
  })
  .describe("Where an act's disposal and transfer stand.");

export const DisposalResultBody = z
  .object({
    act: AppraisalActBody,
    destroyedDocuments: z.number().int(),
    deletedBlobs: z.number().int().describe('Attachment contents deleted (those no other document keeps).'),
  })
  .describe('The act carried out.');

const presentCaseFile = (caseFile: ArchiveCaseFile) =>
  presentAs(ArchiveCaseFileBody, {
    ...caseFile,
    retentionEndsOn: retentionEndsOn(caseFile),
    hold: caseFile.hold && presentAs(LegalHoldBody, caseFile.hold),
  });

export const presentAppraisalRow = (row: AppraisalRow) => ({
  ...presentCaseFile(row),
  ...presentAs(AppraisalRowBody.pick({ dueOn: true, offered: true }), row),
});

export const presentAppraisalList = (list: AppraisalList, departmentId: string | null) =>
  presentAs(AppraisalListBody, {
    today: list.today,
    departmentId,
    due: list.due.map(presentAppraisalRow),
    held: list.held.map(presentAppraisalRow),
    holds: list.holds.map(presentAppraisalRow),
  });

export const presentAppraisalAct = (act: AppraisalAct) =>
  presentAs(AppraisalActBody, {
    ...act,
    decisions: act.decisions.map((entry) => presentAs(CommitteeDecisionBody, entry)),
    items: act.items.map((item) => presentAs(AppraisalActItemBody, item)),
  });

export const presentAppraisalActCard = ({ act, caseFiles }: AppraisalActView) => ({
  ...presentAppraisalAct(act),
  caseFiles: act.items.flatMap((item) => {
    const caseFile = caseFiles.get(item.caseFileId);
    return caseFile ? [presentCaseFile(caseFile)] : [];
  }),
});

export function presentDisposalStatus({ act, caseFiles }: AppraisalActView) {
  const transfers = act.items.some((item) => item.decision === 'transfer');
  const pending = PENDING_STEPS.filter((step) =>
    step === 'disposal'
      ? act.status === 'approved' && act.disposedAt === null
      : transfers && act.transferredAt === null && (act.status === 'approved' || act.status === 'executed'),
  );
  return presentAs(DisposalStatusBody, {
    ...act,
    pending,
    items: act.items.map((item) => {
      const caseFile = caseFiles.get(item.caseFileId);
      return {
        ...presentAs(AppraisalActItemBody, item),
        indexCode: caseFile?.indexCode ?? null,
        title: caseFile?.title ?? null,
        year: caseFile?.year ?? null,
        outcome: caseFile?.outcome ?? null,
        underHold: (caseFile?.hold ?? null) !== null,
      };
    }),
  });
}

export const presentDisposalResult = (result: DisposalResult) =>
  presentAs(DisposalResultBody, { ...result, act: presentAppraisalAct(result.act) });
