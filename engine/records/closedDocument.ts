/**
 * A closed document takes no changes: no attachments, no filing, no comments, no deadline
 * extension, no new routing (engine/policies/document.ts, `requireOpenDocument`). A registrar or a
 * head who may see it may reopen it, with a reason (audited: it shows in the document's history); it
 * is then `registered` again — routable and changeable — until a process closes it anew.
 */
import { auditActor, type UseCaseContext } from '../context.js';
import { Conflict, NotFound } from '../errors.js';
import { CLOSED_STATUS, requireReopener, viewerOf } from '../policies/document.js';
import type { DocumentRecord } from '../store/ports.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';

/** The status a reopened document takes. */
export const REOPENED_STATUS = 'registered';

const labelOf = (document: DocumentRecord): string => document.registrationNumber || document.id;

export async function reopenDocument(
  ctx: UseCaseContext,
  props: { documentId: string; reason: string },
): Promise<DocumentRecord> {
  const problems = new Problems();
  const reason = problems.optionalText('reason', props.reason, 1000);
  if (reason === null) problems.add('reason', 'is required', 'problem.required');
  return ctx.store.transaction(async (tx) => {
    const document = isUuid(props.documentId) ? await tx.documents.get(props.documentId) : null;
    if (!document || !(await tx.documentAccess.canSee(document.id, viewerOf(ctx.actor)))) {
      throw new NotFound('No such document.', 'refusal.noSuchDocument');
    }
    requireReopener(ctx.actor);
    problems.check('The document cannot be reopened.', 'refusal.cannotReopen');
    if (document.status !== CLOSED_STATUS) {
      throw new Conflict(`Document ${labelOf(document)} is not closed.`, 'refusal.documentNotClosed', {
        document: labelOf(document),
      });
    }
    const reopened = await tx.documents.setStatus(document.id, document.version, REOPENED_STATUS);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'document.reopened',
      objectType: 'document',
      objectId: document.id,
      details: { from: CLOSED_STATUS, to: REOPENED_STATUS, reason: reason as string },
    });
    return reopened;
  });
}
