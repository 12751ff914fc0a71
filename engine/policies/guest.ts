/**
 * Guests from other institutions (issue 18). Who invites: a head or a department head, on an open
 * task they hold themselves (assigned to them, not merely offered), on a document they may see — the
 * use case checks the document. Who revokes: the inviter, or an administrator. A guest has no
 * account: their invitation is their whole right, and it opens that one document and that one task
 * only while it is neither revoked nor expired (`guestInvitationOpen`, checked on every request).
 */
import type { Actor } from '../context.js';
import { hasRole } from './roles.js';

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
