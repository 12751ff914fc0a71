/**
 * A closed document takes no changes: no attachments, no filing, no comments, no deadline
 * extension, no new routing. A registrar or a head who may see it may reopen it, with a reason
 * (audited: it shows in the document's history); it is then `registered` again — routable and
 * changeable — until a process closes it anew.
 */
import { hasRole } from '../authorization.js';
import { auditActor, type Actor, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { DocumentRecord } from '../store/ports.js';
import { viewerOf } from './policy.js';
import { isUuid, Problems } from './validation.js';

export const CLOSED_STATUS = 'closed';
/** The status a reopened document takes. */
export const REOPENED_STATUS = 'registered';

const labelOf = (document: DocumentRecord): string => document.registrationNumber || document.id;

/** Conflict (409) when the document is closed. */
export function requireOpenDocument(document: DocumentRecord): void {
  if (document.status === CLOSED_STATUS) {
    throw new Conflict(
      `Document ${labelOf(document)} is closed: a registrar or a head may reopen it, with a reason.`,
    );
  }
}

/** Registrars and heads (or their deputies) reopen closed documents. */
const isReopener = (actor: Actor): boolean =>
  [actor, ...(actor.actingFor ?? [])].some((person) => hasRole(person, 'registrar', 'head'));

/** Whether the actor may reopen `document` now (it is closed, and they are a registrar or head). */
export const mayReopen = (actor: Actor, document: DocumentRecord): boolean =>
  document.status === CLOSED_STATUS && isReopener(actor);

export async function reopenDocument(
  ctx: UseCaseContext,
  props: { documentId: string; reason: string },
): Promise<DocumentRecord> {
  const problems = new Problems();
  const reason = problems.optionalText('reason', props.reason, 1000);
  if (reason === null) problems.add('reason', 'is required');
  return ctx.store.transaction(async (tx) => {
    const document = isUuid(props.documentId) ? await tx.documents.get(props.documentId) : null;
    if (!document || !(await tx.documentAccess.canSee(document.id, viewerOf(ctx.actor)))) {
      throw new NotFound('No such document.');
    }
    if (!isReopener(ctx.actor)) {
      throw new Forbidden('Only a registrar or a head may reopen a document.');
    }
    problems.check('The document cannot be reopened.');
    if (document.status !== CLOSED_STATUS) {
      throw new Conflict(`Document ${labelOf(document)} is not closed.`);
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
