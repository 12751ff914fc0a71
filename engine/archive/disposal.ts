/**
 * Disposal (issue 19, part 2): after an appraisal act is approved, the registry carries out its
 * `destroy` decisions — each document of those case files loses its content (subject, text, the
 * correspondent and their reference, attachment texts, comments, the e-mail it came in) and its
 * attachments' bytes are deleted, while a minimal register entry stays (number, date, register,
 * kind, case file) with a disposal record naming the act. `keep` decisions set the year the file is
 * appraised again. The audit trail records every destroyed document and the act; it is never
 * rewritten, so it still verifies. A case file put under a legal hold after the act was approved
 * stops the disposal: nothing is destroyed until the hold is lifted.
 */
import { auditActor, type UseCaseContext } from '../context.js';
import { Conflict, NotFound } from '../errors.js';
import { caseFileLabel } from '../records/caseFiles.js';
import { requireArchivist } from '../policies/archive.js';
import { isUuid } from '../store/ids.js';
import type { AppraisalAct } from '../store/archivePorts.js';

/** What a destroyed document's subject becomes: the act that destroyed it. */
export const destroyedMarker = (act: Pick<AppraisalAct, 'number'>): string => `[destroyed: ${act.number}]`;

export interface DisposalResult {
  act: AppraisalAct;
  destroyedDocuments: number;
  deletedBlobs: number;
}

export async function disposeUnderAct(
  ctx: UseCaseContext,
  props: { actId: string; expectedVersion?: number },
): Promise<DisposalResult> {
  requireArchivist(ctx.actor);
  let orphans: string[] = [];
  let destroyedDocuments = 0;
  const act = await ctx.store.transaction(async (tx) => {
    const found = isUuid(props.actId) ? await tx.archive.getAct(props.actId) : null;
    if (!found) throw new NotFound('No such appraisal act.', 'refusal.noSuchAct');
    if (props.expectedVersion !== undefined && props.expectedVersion !== found.version) {
      throw new Conflict(
        `appraisal act ${found.id} was changed by someone else; reload it and try again`,
        'refusal.actChanged',
        { id: found.id },
      );
    }
    if (found.status !== 'approved') {
      throw new Conflict(
        `The appraisal act ${found.number} is ${found.status.replace('_', ' ')}.`,
        'refusal.actState',
        { number: found.number, status: found.status.replace('_', ' ') },
      );
    }
    if (found.disposedAt !== null)
      throw new Conflict(
        `The appraisal act ${found.number} was carried out already.`,
        'refusal.actCarriedOut',
        { number: found.number },
      );
    const now = ctx.clock.now();
    const marker = destroyedMarker(found);
    for (const item of found.items) {
      const caseFile = await tx.archive.caseFile(item.caseFileId);
      if (!caseFile) throw new NotFound('No such case file.', 'refusal.noSuchCaseFile');
      if (item.decision === 'destroy' && caseFile.hold !== null) {
        throw new Conflict(
          `The case file ${caseFileLabel(caseFile)} is under a legal hold: it is not destroyed.`,
          'refusal.caseFileHeld',
          { caseFile: caseFileLabel(caseFile) },
        );
      }
    }
    for (const item of found.items) {
      const caseFile = await tx.archive.caseFile(item.caseFileId);
      if (!caseFile) continue;
      if (item.decision === 'destroy') {
        const documents = await tx.archive.documentsOf(caseFile.id);
        const live = documents.filter((document) => document.destroyedAt === null);
        orphans = [
          ...orphans,
          ...(await tx.archive.destroyDocuments(
            live.map((d) => d.id),
            found.id,
            marker,
            now,
          )),
        ];
        for (const document of live) {
          await tx.audit.append({
            ...auditActor(ctx.actor),
            occurredAt: now,
            action: 'document.destroyed',
            objectType: 'document',
            objectId: document.id,
            details: {
              act: found.number,
              caseFile: caseFileLabel(caseFile),
              registrationNumber: document.registrationNumber,
              attachments: document.attachments.map((attachment) => attachment.sha256),
            },
          });
        }
        destroyedDocuments += live.length;
        await tx.archive.setOutcome(caseFile.id, found.id, 'destroyed', null, now);
        await tx.audit.append({
          ...auditActor(ctx.actor),
          occurredAt: now,
          action: 'case_file.destroyed',
          objectType: 'case_file',
          objectId: caseFile.id,
          details: {
            act: found.number,
            caseFile: caseFileLabel(caseFile),
            year: caseFile.year,
            documents: live.length,
          },
        });
      } else if (item.decision === 'keep') {
        await tx.archive.setOutcome(caseFile.id, found.id, 'kept', item.keepUntilYear, now);
        await tx.audit.append({
          ...auditActor(ctx.actor),
          occurredAt: now,
          action: 'case_file.kept',
          objectType: 'case_file',
          objectId: caseFile.id,
          details: {
            act: found.number,
            caseFile: caseFileLabel(caseFile),
            keepUntilYear: item.keepUntilYear,
          },
        });
      }
    }
    const transfers = found.items.some((item) => item.decision === 'transfer');
    const done = await tx.archive.updateAct(found.id, found.version, {
      disposedAt: now,
      ...(!transfers || found.transferredAt !== null ? { status: 'executed' as const } : {}),
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'appraisal_act.disposed',
      objectType: 'appraisal_act',
      objectId: found.id,
      details: { number: found.number, documents: destroyedDocuments },
    });
    return done;
  });
  // After commit: bytes that nothing keeping content refers to any more are deleted for good.
  const unique = [...new Set(orphans)];
  for (const sha256 of unique) await ctx.store.blobs.remove(sha256);
  return { act, destroyedDocuments, deletedBlobs: unique.length };
}
