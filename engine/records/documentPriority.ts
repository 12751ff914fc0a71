/**
 * A document's priority: `urgent` work is shown with a mark and ranked first in the register and in
 * the inbox of everyone working on it. It is set at registration and changed later by those who
 * route the document (the registry and the heads: engine/policies/document.ts), each change in the audit trail
 * and on the card's timeline. A closed document keeps the priority it had.
 */
import { auditActor, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { isUuid } from '../store/ids.js';
import { DOCUMENT_PRIORITIES, type DocumentPriority, type DocumentRecord } from '../store/ports.js';
import { mayPrioritise, requireOpenDocument, viewerOf } from '../policies/document.js';
import { Problems } from '../kernel/problems.js';

export async function setDocumentPriority(
  ctx: UseCaseContext,
  props: { documentId: string; priority: string; expectedVersion?: number },
): Promise<DocumentRecord> {
  const problems = new Problems();
  const priority = problems.oneOf<DocumentPriority>('priority', props.priority ?? '', DOCUMENT_PRIORITIES);
  return ctx.store.transaction(async (tx) => {
    const document = isUuid(props.documentId) ? await tx.documents.get(props.documentId) : null;
    if (!document || !(await tx.documentAccess.canSee(document.id, viewerOf(ctx.actor)))) {
      throw new NotFound('No such document.', 'refusal.noSuchDocument');
    }
    if (!mayPrioritise(ctx.actor, document)) {
      throw new Forbidden(
        'Only a registrar or a head may change a document’s priority.',
        'refusal.priorityOnly',
      );
    }
    problems.check('The priority cannot be changed.', 'refusal.cannotSetPriority');
    requireOpenDocument(document);
    if (props.expectedVersion !== undefined && props.expectedVersion !== document.version) {
      throw new Conflict(
        'The document was changed by someone else; reload it and try again.',
        'refusal.documentChangedReload',
      );
    }
    if (document.priority === priority) return document;
    const changed = await tx.documents.setPriority(
      document.id,
      document.version,
      priority as DocumentPriority,
    );
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'document.priority_set',
      objectType: 'document',
      objectId: document.id,
      details: { from: document.priority, to: changed.priority },
    });
    return changed;
  });
}
