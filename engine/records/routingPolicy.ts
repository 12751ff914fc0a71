/**
 * Who may route a document, i.e. start a process on it. A process whose business key is a
 * document grants routed access to whoever its tasks go to (routedAccess.ts), so starting one is
 * handing the document on: only those who may see the document and whose work is to route it may.
 *
 * - the register's clerks (`registrar`) and the heads (`head`), for any document they may see;
 * - the author of a draft (an outgoing letter not signed yet), for their own draft;
 * - a deputy, where the person they stand in for may.
 *
 * The system itself (registration starting the register's process in the registering transaction,
 * timer starts, message correlation) is not asked: those starts are checked by their own use case.
 */
import { hasRole } from '../authorization.js';
import type { Actor } from '../context.js';
import { Forbidden, NotFound } from '../errors.js';
import { isUuid } from '../store/ids.js';
import type { DocumentRecord, Repositories } from '../store/ports.js';
import { requireOpenDocument } from './closedDocument.js';
import { DRAFT_STATUSES } from './documents.js';
import { viewerOf } from './policy.js';

/** The roles whose work is to route documents. */
export const ROUTING_ROLES = ['registrar', 'head'] as const;

const isDraft = (document: DocumentRecord): boolean =>
  document.sequence === 0 || DRAFT_STATUSES.includes(document.status);

/** Whether `actor` may route `document` (that they may see it is checked by requireMayRoute). */
export function mayRoute(actor: Actor, document: DocumentRecord): boolean {
  const people = [actor, ...(actor.actingFor ?? [])];
  return people.some(
    (person) =>
      hasRole(person, ...ROUTING_ROLES) ||
      (person.id !== null && document.createdBy === person.id && isDraft(document)),
  );
}

/**
 * Refuses a start on `businessKey` unless the actor may see and route the document it names.
 * A business key that is no UUID names no document and is not asked about; a UUID that names no
 * document is refused as one the actor may not see (NotFound, so the answer tells nothing).
 */
export async function requireMayRoute(
  actor: Actor,
  tx: Pick<Repositories, 'documents' | 'documentAccess'>,
  businessKey: string | null | undefined,
): Promise<void> {
  if (actor.id === null || !businessKey || !isUuid(businessKey)) return;
  const document = await tx.documents.get(businessKey.toLowerCase());
  if (!document || !(await tx.documentAccess.canSee(document.id, viewerOf(actor)))) {
    throw new NotFound('No such document.');
  }
  if (!mayRoute(actor, document)) {
    throw new Forbidden(
      'Only a registrar or a head may start a process on a document (the author on their own draft).',
    );
  }
  // Routing changes the document: a closed one is reopened first.
  requireOpenDocument(document);
}
