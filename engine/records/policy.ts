/** Who may do what with registers, documents, correspondents and case files. */
import { hasRole } from '../authorization.js';
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import type { Register, Role } from '../store/ports.js';
import type { DocumentViewer } from '../store/recordPorts.js';

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
 * everyone else what is routed or granted to them or their department (see documentVisibility.ts).
 */
export function viewerOf(actor: Actor): DocumentViewer {
  if (actor.id === null) throw new Forbidden('The system does not read documents for itself.');
  return {
    userId: actor.id,
    departmentId: actor.departmentId,
    seesAllUnrestricted: hasRole(actor, ...VIEWER_ROLES.seesAllUnrestricted),
    // A deputy sees what is routed or granted to the people they stand in for.
    actingForIds: (actor.actingFor ?? []).flatMap((principal) => (principal.id ? [principal.id] : [])),
    seesAllDrafts: hasRole(actor, ...VIEWER_ROLES.seesAllDrafts),
  };
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

export function requireAdmin(actor: Actor, doing: string): void {
  if (!hasRole(actor, 'admin')) throw new Forbidden(`Only an administrator may ${doing}.`);
}

/**
 * Changes to records (correspondent cards, comments, …): the people who register and route
 * documents, and administrators. The auditor role only reads, everywhere: an auditor who holds no
 * other role may change nothing.
 */
export function requireRecordsWriter(actor: Actor, doing: string): void {
  if (!hasRole(actor, 'registrar', 'head', 'dept_head', 'executor', 'admin')) {
    throw new Forbidden(`You may not ${doing}.`);
  }
}

/** Correspondent cards hold personal data: the people who register and route documents use them. */
export function requireRecordsWorker(actor: Actor, doing: string): void {
  if (!hasRole(actor, 'registrar', 'head', 'dept_head', 'executor', 'admin', 'auditor')) {
    throw new Forbidden(`You may not ${doing}.`);
  }
}

/**
 * Guests from other institutions (issue 18). Who invites: a head or a department head, on an open
 * task they hold themselves (assigned to them, not merely offered), on a document they may see — the
 * use case checks the document. Who revokes: the inviter, or an administrator. A guest has no
 * account: their invitation is their whole right, and it opens that one document and that one task
 * only while it is neither revoked nor expired (`guestInvitationOpen`, checked on every request).
 */
export function mayInviteGuests(
  actor: Actor,
  task: { status: string; assignee: string | null; businessKey: string | null },
): boolean {
  return (
    actor.id !== null &&
    hasRole(actor, 'head', 'dept_head') &&
    task.status === 'open' &&
    task.businessKey !== null &&
    task.assignee === actor.username
  );
}

export function mayRevokeGuestInvitation(actor: Actor, invitation: { inviterId: string }): boolean {
  return actor.id !== null && (actor.id === invitation.inviterId || hasRole(actor, 'admin'));
}

/** The invitation still opens its document and task at `now`. */
export function guestInvitationOpen(
  invitation: { revokedAt: Date | null; expiresAt: Date },
  now: Date,
): boolean {
  return invitation.revokedAt === null && invitation.expiresAt.getTime() > now.getTime();
}

/**
 * The dashboard (issue 19): the mayor and other heads (`head`) and auditors see every department;
 * a department head sees their own department only; anyone else may not open it. Its figures are
 * counted over the documents the person may see besides (the access rule).
 */
export function dashboardScopeOf(actor: Actor): { departmentId: string | null } {
  if (actor.id !== null && hasRole(actor, 'head', 'auditor')) return { departmentId: null };
  if (actor.id !== null && hasRole(actor, 'dept_head') && actor.departmentId)
    return { departmentId: actor.departmentId };
  throw new Forbidden('Only heads, department heads and auditors may open the dashboard.');
}

export function mayOpenDashboard(actor: Actor): boolean {
  return (
    actor.id !== null &&
    (hasRole(actor, 'head', 'auditor') || (hasRole(actor, 'dept_head') && actor.departmentId !== null))
  );
}

/**
 * E-mail intake (issue 17): the registrars take what arrives by e-mail — they see the intake items,
 * register them, attach them to a document, or set them aside. Attaching also needs the document
 * to be one they may see (the use case checks it).
 */
export function mayTakeIntake(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar');
}

export function requireIntakeClerk(actor: Actor): void {
  if (!mayTakeIntake(actor)) throw new Forbidden('Only a registrar may work with incoming e-mail.');
}

/**
 * The archive's life cycle (issue 19, part 2; engine/archive): the registry keeps the archive — it
 * prepares appraisal acts, sets and lifts legal holds, destroys and transfers what an approved act
 * decided. Heads sign acts; heads and auditors read the archive's lists and acts; a committee
 * member sees the act they decide on. Committee members are people who work with records.
 */
export function mayKeepArchive(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar');
}

export function requireArchivist(actor: Actor): void {
  if (!mayKeepArchive(actor)) throw new Forbidden('Only the registry keeps the archive.');
}

export function mayReadArchive(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar', 'head', 'auditor');
}

export function requireArchiveReader(actor: Actor): void {
  if (!mayReadArchive(actor)) throw new Forbidden('You may not open the archive.');
}

export function maySignAppraisalActs(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'head');
}

export function maySeeAppraisalAct(actor: Actor, act: { committee: readonly string[] }): boolean {
  return mayReadArchive(actor) || (actor.id !== null && act.committee.includes(actor.username));
}

export const mayServeOnAppraisalCommittee = (user: { roles: readonly Role[]; active: boolean }): boolean =>
  user.active && user.roles.some((role) => ['registrar', 'head', 'dept_head', 'executor'].includes(role));

/**
 * The citizen e-services portal (issue 17, engine/portal). Administrators configure e-services. A
 * citizen has no account: an enabled e-service whose register is active is open to anyone, and a
 * tracking token opens its one application only while staff have not revoked it. Who revokes a
 * token: registrars, heads and administrators who may see the application.
 */
export function mayConfigureEServices(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'admin');
}

export function eServiceOpen(service: { enabled: boolean }, register: { active: boolean } | null): boolean {
  return service.enabled && register !== null && register.active;
}

export function mayRevokeTracking(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar', 'head', 'admin');
}

export function trackingOpen(application: { revokedAt: Date | null }): boolean {
  return application.revokedAt === null;
}
