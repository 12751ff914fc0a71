/**
 * Who may do what with a document: see it (the access rule, and the rule for drafts), register it,
 * issue an order, route it, change its priority, file it, reopen it once closed.
 *
 * The access rule is stated here in code (`maySeeDocument`) and, for lists and searches that check
 * access in bulk, once more in SQL (engine/store/postgres/documentVisibility.ts and the draft rule of
 * documentAccessRepository.ts). test/store/contract/documentPolicy.test.ts generates viewers and
 * documents and holds the store's search and `canSee` to `maySeeDocument`, so the two cannot drift.
 */
import type { Actor } from '../context.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { isUuid } from '../store/ids.js';
import type { Confidentiality, DocumentRecord, Register, Repositories, Role } from '../store/ports.js';
import type { DocumentAccessGrant, DocumentViewer } from '../store/recordPorts.js';
import { hasRole } from './roles.js';

/**
 * The roles of a viewer that widen what they see: every document that is not restricted, and every
 * draft. viewerOf reads them for one actor; the list of tasks that reach nobody for every user at
 * once (`tasks.listUnreachable`).
 */
export const VIEWER_ROLES: { seesAllUnrestricted: Role[]; seesAllDrafts: Role[] } = {
  seesAllUnrestricted: ['head', 'registrar', 'auditor', 'admin'],
  // Heads oversee the drafts of outgoing letters (see getDocument, searchDocuments).
  seesAllDrafts: ['head'],
};

/**
 * Heads, registrars, auditors and administrators see every document that is not restricted;
 * everyone else what is routed or granted to them or their department (see maySeeDocument).
 */
export function viewerOf(actor: Actor): DocumentViewer {
  if (actor.id === null)
    throw new Forbidden('The system does not read documents for itself.', 'refusal.systemReads');
  return {
    userId: actor.id,
    departmentId: actor.departmentId,
    seesAllUnrestricted: hasRole(actor, ...VIEWER_ROLES.seesAllUnrestricted),
    // A deputy sees what is routed or granted to the people they stand in for.
    actingForIds: (actor.actingFor ?? []).flatMap((principal) => (principal.id ? [principal.id] : [])),
    seesAllDrafts: hasRole(actor, ...VIEWER_ROLES.seesAllDrafts),
  };
}

/** Statuses of a document that has no number yet (an outgoing letter before it is signed). */
export const DRAFT_STATUSES: readonly string[] = ['draft', 'in_approval'];

/** The status of a document that takes no changes until it is reopened. */
export const CLOSED_STATUS = 'closed';

/** A grant on a document, with the department of the person it names (a department head's view). */
export type GrantFacts = Pick<DocumentAccessGrant, 'userId' | 'departmentId'> & {
  /** The department of the person the grant names (null for a department's grant). */
  granteeDepartmentId: string | null;
};

/** What the access rule reads about one document. */
export interface DocumentFacts {
  createdBy: string | null;
  confidentiality: Confidentiality;
  /** No number yet (a draft of an outgoing letter or order). */
  draft: boolean;
  /** The department that owns the document's register. */
  registerDepartmentId: string | null;
  grants: readonly GrantFacts[];
}

/** The people a viewer answers for by name: themselves and whoever they stand in for. */
const namedPeople = (viewer: DocumentViewer): string[] => [viewer.userId, ...(viewer.actingForIds ?? [])];

/**
 * A draft is not a registered document yet: besides the access rule, only its author, the people
 * named on it (the approvers get routing grants), their deputies and heads see it.
 */
export function maySeeDraft(
  viewer: DocumentViewer,
  document: { createdBy: string | null },
  grants: readonly Pick<DocumentAccessGrant, 'userId'>[],
): boolean {
  if (viewer.seesAllDrafts || document.createdBy === viewer.userId) return true;
  const people = namedPeople(viewer);
  return grants.some((grant) => grant.userId !== null && people.includes(grant.userId));
}

/**
 * Who sees a document (docs/records.md, "Who sees a document"):
 *
 * - its author, and the people named on it (readers, routed to, granted), or whom a deputy stands
 *   in for — a restricted document only these;
 * - otherwise also: the roles that see every register, the departments it is routed or granted
 *   to, the department that owns its register, and the head of a department (`departmentHead`,
 *   the viewer's own role, not a principal's) whose people it is routed or granted to by name: she
 *   hands their work on and accepts it;
 * - a draft, besides, only as `maySeeDraft` says.
 */
export function maySeeDocument(
  viewer: DocumentViewer,
  departmentHead: boolean,
  document: DocumentFacts,
): boolean {
  const people = namedPeople(viewer);
  const department = viewer.departmentId;
  const named =
    document.createdBy === viewer.userId ||
    document.grants.some((grant) => grant.userId !== null && people.includes(grant.userId));
  const seen =
    named ||
    (document.confidentiality !== 'restricted' &&
      (viewer.seesAllUnrestricted ||
        (department !== null &&
          (document.registerDepartmentId === department ||
            document.grants.some((grant) => grant.departmentId === department) ||
            (departmentHead &&
              document.grants.some(
                (grant) => grant.userId !== null && grant.granteeDepartmentId === department,
              ))))));
  return seen && (!document.draft || maySeeDraft(viewer, document, document.grants));
}

/**
 * Registrars register into any register (an order received from outside, numbered at once);
 * everyone working, internal notes. A head does not register an order: she issues it, and it is
 * numbered then (`mayIssueOrderIn`).
 */
export function mayRegisterIn(actor: Actor, register: Register): boolean {
  if (hasRole(actor, 'registrar')) return true;
  if (register.kind === 'order') return false;
  if (register.kind === 'internal') return hasRole(actor, 'head', 'dept_head', 'executor');
  return false;
}

/**
 * Who issues orders (drafts them and issues them; an order is numbered when issued, see
 * engine/records/orders.ts): the heads, in an active order register. A registrar registers an order
 * received from outside (already issued, so numbered at once) through `mayRegisterIn`.
 */
export function mayIssueOrderIn(actor: Actor, register: Register): boolean {
  return register.active && register.kind === 'order' && mayIssueOrders(actor);
}

/** The menu's and the page's question: does this person issue orders at all? */
export function mayIssueOrders(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'head');
}

/** The roles whose work is to route documents. */
export const ROUTING_ROLES = ['registrar', 'head'] as const;

const isDraft = (document: DocumentRecord): boolean =>
  document.sequence === 0 || DRAFT_STATUSES.includes(document.status);

/**
 * Who may route a document, i.e. start a process on it. A process whose business key is a
 * document grants routed access to whoever its tasks go to (engine/records/routedAccess.ts), so
 * starting one is handing the document on: only those who may see the document and whose work is
 * to route it may.
 *
 * - the register's clerks (`registrar`) and the heads (`head`), for any document they may see;
 * - the author of a draft (an outgoing letter not signed yet), for their own draft;
 * - a deputy, where the person they stand in for may.
 *
 * The system itself (registration starting the register's process in the registering transaction,
 * timer starts, message correlation) is not asked: those starts are checked by their own use case.
 * That they may see it is checked by requireMayRoute.
 */
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
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  }
  if (!mayRoute(actor, document)) {
    throw new Forbidden(
      'Only a registrar or a head may start a process on a document (the author on their own draft).',
      'refusal.routeDocument',
    );
  }
  // Routing changes the document: a closed one is reopened first.
  requireOpenDocument(document);
}

/**
 * Who may change a document's priority (they already may see it): those who route it, the registry
 * and the heads.
 */
export const mayPrioritise = mayRoute;

const labelOf = (document: DocumentRecord): string => document.registrationNumber || document.id;

/**
 * A closed document takes no changes: no attachments, no filing, no comments, no deadline
 * extension, no new routing. Conflict (409) when the document is closed.
 */
export function requireOpenDocument(document: DocumentRecord): void {
  if (document.status === CLOSED_STATUS) {
    throw new Conflict(
      `Document ${labelOf(document)} is closed: a registrar or a head may reopen it, with a reason.`,
      'refusal.documentClosed',
      { document: labelOf(document) },
    );
  }
}

/** Registrars and heads (or their deputies) reopen closed documents. */
const isReopener = (actor: Actor): boolean =>
  [actor, ...(actor.actingFor ?? [])].some((person) => hasRole(person, 'registrar', 'head'));

/** Forbidden unless the actor may reopen documents (whether this one is closed is the use case's). */
export function requireReopener(actor: Actor): void {
  if (!isReopener(actor))
    throw new Forbidden('Only a registrar or a head may reopen a document.', 'refusal.reopenOnly');
}

/** Whether the actor may reopen `document` now (it is closed, and they are a registrar or head). */
export const mayReopen = (actor: Actor, document: DocumentRecord): boolean =>
  document.status === CLOSED_STATUS && isReopener(actor);

/** Who may file documents into case files (and take them out): registrars, heads, executors. */
export const mayFileDocuments = (actor: Actor): boolean =>
  hasRole(actor, 'registrar', 'head', 'dept_head', 'executor');

/** Whether the actor may file `document` now: they may file, and it is not closed. */
export const mayFile = (actor: Actor, document: DocumentRecord): boolean =>
  mayFileDocuments(actor) && document.status !== CLOSED_STATUS;

/** Executors, department heads, heads and registrars write letters; auditors only read. */
export const mayDraftLetters = (actor: Actor): boolean =>
  actor.id !== null && hasRole(actor, 'executor', 'dept_head', 'head', 'registrar');

/** The head signs outgoing letters (a signed letter is numbered). */
export const maySignLetters = (actor: Actor): boolean => hasRole(actor, 'head');

/** Who adds attachments to a document they may see: the people who register and work on documents. */
export const mayAddAttachments = (actor: Actor): boolean =>
  hasRole(actor, 'registrar', 'head', 'dept_head', 'executor');

/**
 * Who extends an application's answer deadline (once, while it is being executed): a head, or the
 * executor the process names responsible (`responsible`, a process variable).
 */
export const mayExtendDeadlineAs = (actor: Actor, responsible: unknown): boolean =>
  hasRole(actor, 'head') || responsible === actor.username;
