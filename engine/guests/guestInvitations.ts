/**
 * Staff's side of guests from other institutions (issue 18): inviting an outside person by e-mail to
 * one task of one document, sending them a one-time sign-in link, listing and revoking invitations.
 * Who may do what: `mayInviteGuests` and `mayRevokeGuestInvitation` in engine/policies/guest.ts.
 * Every step is an audit event on the document.
 */
import { createHash, randomBytes } from 'node:crypto';
import { auditActor, DEFAULT_SETTINGS, localDate, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden, Invalid, NotFound, type Problem } from '../errors.js';
import { mailLanguageOf, type MailLanguage } from '../mail/mailMessages.js';
import { requireOpenDocument, viewerOf } from '../policies/document.js';
import { mayInviteGuests, mayRevokeGuestInvitation, guestInvitationOpen } from '../policies/guest.js';
import { requireVisibleTask } from '../policies/task.js';
import { zonedInstant } from '../kernel/zonedTime.js';
import { GUEST_PURPOSES, type GuestInvitation, type GuestPurpose } from '../store/guestPorts.js';
import type { Repositories } from '../store/ports.js';
import { guestLinkMail } from './guestMail.js';

/** The longest an invitation may hold, in days from today. */
export const MAX_GUEST_DAYS = 30;
/** A sign-in link works once, within this many hours (and never after its invitation). */
export const GUEST_LINK_HOURS = 72;
export const MAX_GUEST_NAME_LENGTH = 200;

const EMAIL = /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const hashGuestToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** `YYYY-MM-DD` plus `days`. */
function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** "2026-03-02 14:05" in the institution's time zone. */
export function institutionTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
}

/**
 * The last minute an invitation holds, as people read it: one that ends at midnight is "until
 * 14.12. 23:59", not "until 15.12. 00:00", the next day it is no longer valid on.
 */
export const invitationEndText = (expiresAt: Date, timeZone: string): string =>
  institutionTime(new Date(expiresAt.getTime() - 60_000), timeZone);

export interface InviteGuestProps {
  taskId: string;
  guestName: string;
  guestEmail: string;
  purpose: string;
  /** The last day the invitation holds (`YYYY-MM-DD`, the institution's calendar), at most 30 days on. */
  validUntil: string;
  /** The language of the mail to the guest; the institution's by default. */
  language?: string | null;
}

export interface ValidatedInvitation {
  guestName: string;
  guestEmail: string;
  purpose: GuestPurpose;
  expiresAt: Date;
}

/** Checks the invitation form; Invalid with a problem per field. */
export function validateInvitation(
  props: Omit<InviteGuestProps, 'taskId' | 'language'>,
  now: Date,
  timeZone: string,
): ValidatedInvitation {
  const problems: Problem[] = [];
  const guestName = props.guestName.trim();
  const guestEmail = props.guestEmail.trim().toLowerCase();
  if (guestName === '')
    problems.push({ field: 'guestName', message: 'is required', code: 'problem.required' });
  else if (guestName.length > MAX_GUEST_NAME_LENGTH) {
    problems.push({
      field: 'guestName',
      message: `may be at most ${MAX_GUEST_NAME_LENGTH} characters long`,
      code: 'problem.tooLong',
      params: { max: MAX_GUEST_NAME_LENGTH },
    });
  }
  if (guestEmail === '')
    problems.push({ field: 'guestEmail', message: 'is required', code: 'problem.required' });
  else if (guestEmail.length > 254 || !EMAIL.test(guestEmail)) {
    problems.push({ field: 'guestEmail', message: 'is not an e-mail address', code: 'problem.email' });
  }
  if (!(GUEST_PURPOSES as readonly string[]).includes(props.purpose)) {
    problems.push({
      field: 'purpose',
      message: `must be one of ${GUEST_PURPOSES.join(', ')}`,
      code: 'problem.oneOf',
      params: { values: GUEST_PURPOSES.join(', ') },
    });
  }
  const today = localDate(now, timeZone);
  const last = addDays(today, MAX_GUEST_DAYS);
  const validUntil = props.validUntil.trim();
  if (validUntil === '')
    problems.push({ field: 'validUntil', message: 'is required', code: 'problem.required' });
  else if (!DATE.test(validUntil) || Number.isNaN(Date.parse(`${validUntil}T00:00:00Z`))) {
    problems.push({
      field: 'validUntil',
      message: `"${validUntil}" is not a date (YYYY-MM-DD)`,
      code: 'problem.notDate',
      params: { value: validUntil },
    });
  } else if (validUntil < today) {
    problems.push({
      field: 'validUntil',
      message: `is before today (${today})`,
      code: 'problem.beforeToday',
      params: { date: today },
    });
  } else if (validUntil > last) {
    problems.push({
      field: 'validUntil',
      message: `may be at most ${MAX_GUEST_DAYS} days from today`,
      code: 'problem.guestMaxDays',
      params: { days: MAX_GUEST_DAYS },
    });
  }
  if (problems.length > 0)
    throw new Invalid('The guest cannot be invited.', problems, 'refusal.guestCannotInvite');
  return {
    guestName,
    guestEmail,
    purpose: props.purpose as GuestPurpose,
    // To the end of the last day, in the institution's time zone.
    expiresAt: zonedInstant(addDays(validUntil, 1), '00:00', timeZone),
  };
}

type LinkRepositories = Pick<Repositories, 'guestInvitations' | 'mailOutbox' | 'documents' | 'audit'>;

/** Makes a one-time token for `invitation`, queues the mail with its link, and audits it. */
async function sendLink(
  ctx: UseCaseContext,
  tx: LinkRepositories,
  invitation: GuestInvitation,
  language: MailLanguage,
  action: 'document.guest_link_sent',
): Promise<void> {
  const settings = ctx.settings ?? DEFAULT_SETTINGS;
  if (!settings.publicUrl) {
    throw new Conflict(
      'The server has no public address (PUBLIC_URL): a guest link cannot be sent.',
      'refusal.guestNoPublicUrl',
    );
  }
  const now = ctx.clock.now();
  const linkExpiry = new Date(
    Math.min(now.getTime() + GUEST_LINK_HOURS * 3_600_000, invitation.expiresAt.getTime()),
  );
  const token = randomBytes(32).toString('base64url');
  await tx.guestInvitations.insertToken({
    invitationId: invitation.id,
    tokenHash: hashGuestToken(token),
    createdAt: now,
    expiresAt: linkExpiry,
  });
  const document = await tx.documents.get(invitation.documentId);
  if (!document) throw new NotFound('No such document.', 'refusal.noSuchDocument');
  const mail = guestLinkMail({
    language,
    purpose: invitation.purpose,
    inviter: ctx.actor.displayName,
    document: document.registrationNumber || document.subject,
    subject: document.subject,
    link: `${settings.publicUrl.replace(/\/+$/, '')}/guest/link/${token}`,
    linkUntil: institutionTime(linkExpiry, settings.timeZone),
    until: invitationEndText(invitation.expiresAt, settings.timeZone),
  });
  await tx.mailOutbox.enqueue({ recipient: invitation.guestEmail, ...mail, createdAt: now });
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: now,
    action,
    objectType: 'document',
    objectId: invitation.documentId,
    details: {
      invitationId: invitation.id,
      taskId: invitation.taskId,
      guestName: invitation.guestName,
      guestEmail: invitation.guestEmail,
      linkExpiresAt: linkExpiry.toISOString(),
    },
  });
}

/**
 * Invites a guest to a task the actor holds, on a document they see, and sends the first link. The
 * invitation holds to the end of `validUntil`; each link works once, for at most 72 hours.
 */
export async function inviteGuest(ctx: UseCaseContext, props: InviteGuestProps): Promise<GuestInvitation> {
  const settings = ctx.settings ?? DEFAULT_SETTINGS;
  return ctx.store.transaction(async (tx) => {
    const { task, seesDocument } = await requireVisibleTask(ctx, props.taskId, tx);
    if (!seesDocument || !task.businessKey) throw new NotFound('No such task.', 'refusal.noSuchTask');
    if (!mayInviteGuests(ctx.actor, task)) {
      throw new Forbidden(
        'Only a head who holds the task may invite guests to it.',
        'refusal.guestInviteWho',
      );
    }
    const document = await tx.documents.get(task.businessKey);
    if (!document || !(await tx.documentAccess.canSee(document.id, viewerOf(ctx.actor)))) {
      throw new NotFound('No such document.', 'refusal.noSuchDocument');
    }
    requireOpenDocument(document);
    const now = ctx.clock.now();
    const valid = validateInvitation(props, now, settings.timeZone);
    const invitation = await tx.guestInvitations.insert({
      documentId: document.id,
      taskId: task.id,
      inviterId: ctx.actor.id ?? '',
      ...valid,
      createdAt: now,
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.guest_invited',
      objectType: 'document',
      objectId: document.id,
      details: {
        invitationId: invitation.id,
        taskId: task.id,
        taskName: task.name,
        guestName: invitation.guestName,
        guestEmail: invitation.guestEmail,
        purpose: invitation.purpose,
        expiresAt: invitation.expiresAt.toISOString(),
      },
    });
    await sendLink(ctx, tx, invitation, mailLanguageOf(props.language), 'document.guest_link_sent');
    return invitation;
  });
}

/** The invitation, if the actor may manage it (the inviter or an administrator); NotFound otherwise. */
async function managedInvitation(
  ctx: UseCaseContext,
  tx: Pick<Repositories, 'guestInvitations'>,
  invitationId: string,
  taskId?: string,
): Promise<GuestInvitation> {
  const invitation = await tx.guestInvitations.get(invitationId);
  if (!invitation || (taskId !== undefined && invitation.taskId !== taskId)) {
    throw new NotFound('No such invitation.', 'refusal.noSuchInvitation');
  }
  if (!mayRevokeGuestInvitation(ctx.actor, invitation)) {
    throw new Forbidden(
      'Only the inviter or an administrator may change an invitation.',
      'refusal.guestManageWho',
    );
  }
  return invitation;
}

/** Sends a new one-time link (the guest lost theirs, or it expired); the invitation must hold. */
export async function resendGuestLink(
  ctx: UseCaseContext,
  props: { invitationId: string; taskId?: string; language?: string | null },
): Promise<GuestInvitation> {
  return ctx.store.transaction(async (tx) => {
    const invitation = await managedInvitation(ctx, tx, props.invitationId, props.taskId);
    if (!guestInvitationOpen(invitation, ctx.clock.now())) {
      throw new Conflict(
        'The invitation is revoked or expired; invite the guest again.',
        'refusal.guestInvitationOver',
      );
    }
    await sendLink(ctx, tx, invitation, mailLanguageOf(props.language), 'document.guest_link_sent');
    return invitation;
  });
}

/** Ends an invitation at once: its links and the guest's session open nothing any more. */
export async function revokeGuestInvitation(
  ctx: UseCaseContext,
  props: { invitationId: string; taskId?: string },
): Promise<GuestInvitation> {
  return ctx.store.transaction(async (tx) => {
    const invitation = await managedInvitation(ctx, tx, props.invitationId, props.taskId);
    const now = ctx.clock.now();
    const revoked = await tx.guestInvitations.revoke(invitation.id, ctx.actor.id ?? '', now);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.guest_revoked',
      objectType: 'document',
      objectId: invitation.documentId,
      details: { invitationId: invitation.id, taskId: invitation.taskId, guestName: invitation.guestName },
    });
    return revoked;
  });
}

export type InvitationState = 'active' | 'expired' | 'revoked';

export interface ListedInvitation extends GuestInvitation {
  state: InvitationState;
  /** The actor may resend its link and revoke it. */
  mayManage: boolean;
}

/** The invitations to a task the actor may see, newest first, each with its state. */
export async function listGuestInvitations(ctx: UseCaseContext, taskId: string): Promise<ListedInvitation[]> {
  const { task } = await requireVisibleTask(ctx, taskId);
  const now = ctx.clock.now();
  return (await ctx.store.guestInvitations.listByTask(task.id)).map((invitation) => ({
    ...invitation,
    state: invitation.revokedAt ? 'revoked' : guestInvitationOpen(invitation, now) ? 'active' : 'expired',
    mayManage: mayRevokeGuestInvitation(ctx.actor, invitation),
  }));
}
