/**
 * The archive's life cycle over JSON (issue 19; docs/archive.md): the case files whose retention
 * has ended, legal holds, appraisal acts (the approvals are tasks of the `appraisal-act` process,
 * served by the tasks API), disposal and the transfer package. The same use cases and rules as the
 * pages under `/archive`: the registry keeps the archive, heads and auditors read it, a committee
 * member sees the act they decide on.
 */
import { z } from 'zod';
import {
  appraisalList,
  archiveCaseFile,
  liftLegalHold,
  setLegalHold,
} from '../../engine/archive/appraisal.js';
import {
  getAppraisalAct,
  listAppraisalActs,
  prepareAppraisalAct,
} from '../../engine/archive/appraisalActs.js';
import { disposeUnderAct } from '../../engine/archive/disposal.js';
import { transferPackage } from '../../engine/archive/transfer.js';
import { APPRAISAL_DECISIONS } from '../../engine/store/archivePorts.js';
import type { ApiRoutes } from './support/apiRoute.js';
import {
  AppraisalActBody,
  AppraisalActCardBody,
  AppraisalListBody,
  AppraisalRowBody,
  DisposalResultBody,
  DisposalStatusBody,
  presentAppraisalAct,
  presentAppraisalActCard,
  presentAppraisalList,
  presentAppraisalRow,
  presentDisposalResult,
  presentDisposalStatus,
} from './support/archivePresenters.js';
import { ErrorBody, Id, IdParams, optionalText } from './support/schemas.js';
import { sendTransferPackage } from './support/transferDownload.js';

const TAG = 'archive';

const HoldReasonBody = z.strictObject({
  reason: z.string().max(2000).describe('Why the hold is set or lifted (audited).'),
});

const PrepareActBody = z.strictObject({
  departmentId: Id.nullable().optional().describe('The department the act is for; left out: none.'),
  note: optionalText(4000),
  committee: z.array(z.string().max(100)).max(10).describe('Three different usernames.'),
  items: z
    .array(
      z.strictObject({
        caseFileId: z.string().max(100).describe('A case file offered for appraisal.'),
        decision: z.enum(APPRAISAL_DECISIONS),
        reason: z.string().max(2000),
        keepUntilYear: z
          .number()
          .int()
          .nullable()
          .optional()
          .describe('For `keep`: kept until 1 January of this year (a year to come).'),
      }),
    )
    .max(1000),
});

const DisposeBody = z.strictObject({
  expectedVersion: z
    .number()
    .int()
    .optional()
    .describe('The act version read; another one is a 409 (someone changed it).'),
});

const READERS_ONLY = 'Not a registrar, head or auditor.';
const REGISTRY_ONLY = 'Not a registrar.';

export function archiveRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/archive/appraisal',
      summary: 'The case files whose retention has ended, per department, and the legal holds',
      tag: TAG,
      query: z.object({ departmentId: Id.optional() }),
      responses: {
        200: { description: 'The appraisal list.', schema: AppraisalListBody },
        400: { description: 'A malformed department id.', schema: ErrorBody },
        403: { description: READERS_ONLY, schema: ErrorBody },
      },
    },
    async ({ ctx, res, query }) => {
      const departmentId = query.departmentId ?? null;
      res.json(presentAppraisalList(await appraisalList(ctx, { departmentId }), departmentId));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/archive/case-files/:id',
      summary: "A case file's retention, legal hold and outcome",
      tag: TAG,
      params: IdParams,
      responses: {
        200: { description: 'The case file.', schema: AppraisalRowBody },
        403: { description: READERS_ONLY, schema: ErrorBody },
        404: { description: 'No such case file.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(presentAppraisalRow(await archiveCaseFile(ctx, params.id)));
    },
  );

  const holdChanges = [
    {
      path: '/api/archive/case-files/:id/legal-hold',
      summary: 'Put a case file under a legal hold, with a reason (registry)',
      answer: 'The case file under its hold.',
      conflict: 'The case file was destroyed already.',
      change: setLegalHold,
    },
    {
      path: '/api/archive/case-files/:id/legal-hold/lift',
      summary: "Lift a case file's legal hold, with a reason (registry)",
      answer: 'The case file without a hold.',
      conflict: 'The case file is not under a legal hold.',
      change: liftLegalHold,
    },
  ];
  for (const hold of holdChanges) {
    api.add(
      {
        method: 'post',
        path: hold.path,
        summary: hold.summary,
        tag: TAG,
        params: IdParams,
        body: HoldReasonBody,
        responses: {
          200: { description: hold.answer, schema: AppraisalRowBody },
          400: { description: 'No reason.', schema: ErrorBody },
          403: { description: REGISTRY_ONLY, schema: ErrorBody },
          404: { description: 'No such case file.', schema: ErrorBody },
          409: { description: hold.conflict, schema: ErrorBody },
        },
      },
      async ({ ctx, res, params, body }) => {
        await hold.change(ctx, { caseFileId: params.id, reason: body.reason });
        res.json(presentAppraisalRow(await archiveCaseFile(ctx, params.id)));
      },
    );
  }

  api.add(
    {
      method: 'get',
      path: '/api/archive/acts',
      summary:
        'The appraisal acts the caller may see (the archive’s readers: all; a committee member: theirs)',
      tag: TAG,
      responses: { 200: { description: 'The acts.', schema: z.array(AppraisalActBody) } },
    },
    async ({ ctx, res }) => {
      res.json((await listAppraisalActs(ctx)).map(presentAppraisalAct));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/archive/acts',
      summary: 'Prepare an appraisal act and start its approval (registry)',
      tag: TAG,
      body: PrepareActBody,
      responses: {
        201: {
          description: 'The act, in approval: its committee and head get tasks (`/api/tasks`).',
          schema: AppraisalActBody,
        },
        400: {
          description: 'Every problem at once: a file held or not due, no reason, not three members.',
          schema: ErrorBody,
        },
        403: { description: REGISTRY_ONLY, schema: ErrorBody },
      },
    },
    async ({ ctx, res, body }) => {
      res.status(201).json(presentAppraisalAct(await prepareAppraisalAct(ctx, body)));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/archive/acts/:id',
      summary: 'An appraisal act with its case files',
      tag: TAG,
      params: IdParams,
      responses: {
        200: { description: 'The act.', schema: AppraisalActCardBody },
        404: { description: 'No such act, or not one the caller may see.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(presentAppraisalActCard(await getAppraisalAct(ctx, params.id)));
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/archive/acts/:id/disposal',
      summary: "Where an act's disposal and transfer stand",
      tag: TAG,
      params: IdParams,
      responses: {
        200: { description: 'The disposal status.', schema: DisposalStatusBody },
        404: { description: 'No such act, or not one the caller may see.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(presentDisposalStatus(await getAppraisalAct(ctx, params.id)));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/archive/acts/:id/disposal',
      summary: 'Carry out an approved act: destroy, keep longer (registry)',
      tag: TAG,
      params: IdParams,
      body: DisposeBody,
      responses: {
        200: { description: 'The act carried out, with what was destroyed.', schema: DisposalResultBody },
        403: { description: REGISTRY_ONLY, schema: ErrorBody },
        404: { description: 'No such act.', schema: ErrorBody },
        409: {
          description:
            'Not approved, carried out already, changed since read, or a case file under a legal hold.',
          schema: ErrorBody,
        },
      },
    },
    async ({ ctx, res, params, body }) => {
      res.json(
        presentDisposalResult(
          await disposeUnderAct(ctx, {
            actId: params.id,
            ...(body.expectedVersion === undefined ? {} : { expectedVersion: body.expectedVersion }),
          }),
        ),
      );
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/archive/acts/:id/transfer-package',
      summary:
        'The transfer package to the state archive, a ZIP (registry; the first marks files transferred)',
      tag: TAG,
      params: IdParams,
      responses: {
        200: {
          description:
            'The package, with `Content-Disposition` and its SHA-256 in `X-Content-Sha256` (audited).',
          content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } },
        },
        403: { description: REGISTRY_ONLY, schema: ErrorBody },
        404: { description: 'No such act.', schema: ErrorBody },
        409: { description: 'The act is not approved, or transfers no case files.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      const pkg = await transferPackage(ctx, { actId: params.id });
      sendTransferPackage(res, pkg);
    },
  );
}
