/**
 * The guest's side (issue 18): signing in with a one-time link, and — on every request — the one
 * document and task of their invitation, read and answered through these use cases only. A guest is
 * no user: they have no `users` row and no staff session; their invitation is their whole right, and
 * `guestInvitationOpen` (engine/policies/guest.ts) is checked again on every call. Every step is an
 * audit event on the document, with the guest named as the actor (no actor id).
 */
import type { Readable } from 'node:stream';
import { LoginLocked } from '../auth/loginErrors.js';
import type { LoginConfig } from '../config.js';
import { type Actor, auditActor, type Clock, type InstitutionSettings } from '../context.js';
import { Conflict, Forbidden, Invalid, NotFound, type Problem } from '../errors.js';
import type { Logger } from '../logger.js';
import { mailLanguageOf } from '../mail/mailMessages.js';
import { notifyUsers } from '../notifications/notifyUsers.js';
import { CLOSED_STATUS } from '../policies/document.js';
import { guestInvitationOpen } from '../policies/guest.js';
import { MAX_COMMENT_LENGTH } from '../records/taskComments.js';
import type { GuestInvitation, GuestPurpose } from '../store/guestPorts.js';
import type { Repositories, Store } from '../store/ports.js';
import type { Attachment } from '../store/recordPorts.js';
import type { CommentKind } from '../store/taskCommentPorts.js';
import { type GuestAnswer, guestAnswerSubject } from './guestMail.js';
import { hashGuestToken } from './guestInvitations.js';
import { localElementNames } from '../workflow/deployment/localNames.js';

/** What a guest's use case receives: no actor — the invitation names who acts. */
export interface GuestContext {
  store: Store;
  clock: Clock;
  logger?: Logger;
  settings?: InstitutionSettings;
}

/** The guest as the actor of audit events and notifications: named, without an account. */
export const guestActor = (invitation: GuestInvitation): Actor => ({
  id: null,
  username: `guest:${invitation.guestEmail}`,
  displayName: invitation.guestName,
  roles: [],
  departmentId: null,
});

/** Why a link does not sign in: the English text and its message code. */
const LINK_REFUSALS = {
  unknown: ['This sign-in link is not known.', 'refusal.guestLinkUnknown'],
  used: ['This sign-in link was used already; ask for a new one.', 'refusal.guestLinkUsed'],
  expired: ['This sign-in link has expired; ask for a new one.', 'refusal.guestLinkExpired'],
} as const;

/**
 * Signs a guest in with the token of their link: the token is used up whatever follows. Refused
 * (Forbidden, with a message the guest can act on) when it is unknown, used, expired, or its
 * invitation is revoked or over.
 */
export async function signInAsGuest(
  ctx: GuestContext,
  token: string,
  from: { ip: string; limits?: LoginConfig } = { ip: 'unknown' },
): Promise<GuestInvitation> {
  const now = ctx.clock.now();
  // A link is a password: guessing them counts toward the address's lockout, as wrong passwords do.
  const ipKey = `ip:${from.ip}`;
  const lockedUntil = await ctx.store.loginThrottle.lockedUntil([ipKey], now);
  if (lockedUntil) throw new LoginLocked(lockedUntil);
  let invitationId: string | null = null;
  try {
    const use = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await ctx.store.guestInvitations.useToken(hashGuestToken(token), now)
      : ({ outcome: 'unknown' } as const);
    if (use.outcome !== 'used_now') throw new Forbidden(...LINK_REFUSALS[use.outcome]);
    invitationId = use.invitationId;
    const invitation = await ctx.store.guestInvitations.get(use.invitationId);
    if (!invitation) throw new Forbidden('This sign-in link is not known.', 'refusal.guestLinkUnknown');
    requireOpen(invitation, now);
    return await guestSignedIn(ctx, invitation, now);
  } catch (error) {
    if (error instanceof Forbidden) {
      await ctx.store.audit.append({
        actorId: null,
        actorName: 'guest link',
        occurredAt: now,
        action: 'auth.guest_link_refused',
        objectType: 'user',
        objectId: null,
        details: { ip: from.ip, reason: error.message, invitationId },
      });
      if (from.limits) {
        await ctx.store.loginThrottle.recordFailure(ipKey, now, {
          maxFailures: from.limits.maxAttemptsPerIp,
          lockoutSeconds: from.limits.lockoutMinutes * 60,
        });
      }
    }
    throw error;
  }
}

async function guestSignedIn(
  ctx: GuestContext,
  invitation: GuestInvitation,
  now: Date,
): Promise<GuestInvitation> {
  await ctx.store.audit.append({
    ...auditActor(guestActor(invitation)),
    occurredAt: now,
    action: 'document.guest_signed_in',
    objectType: 'document',
    objectId: invitation.documentId,
    details: { invitationId: invitation.id, taskId: invitation.taskId, guestName: invitation.guestName },
  });
  return invitation;
}

function requireOpen(invitation: GuestInvitation, now: Date): void {
  if (invitation.revokedAt) throw new Forbidden('The invitation was revoked.', 'refusal.guestRevoked');
  if (!guestInvitationOpen(invitation, now))
    throw new Forbidden('The invitation has expired.', 'refusal.guestExpired');
}

/**
 * The invitation of the guest's session, if it still holds; Forbidden when it was revoked or is
 * over, NotFound when `documentId` (from the URL) is not its document.
 */
export async function requireGuestInvitation(
  ctx: GuestContext,
  invitationId: string,
  documentId?: string,
  repos: Pick<Repositories, 'guestInvitations'> = ctx.store,
): Promise<GuestInvitation> {
  const invitation = await repos.guestInvitations.get(invitationId);
  if (!invitation) throw new Forbidden('The invitation was revoked.', 'refusal.guestRevoked');
  requireOpen(invitation, ctx.clock.now());
  if (documentId !== undefined && documentId !== invitation.documentId)
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  return invitation;
}

export interface GuestView {
  invitation: {
    id: string;
    guestName: string;
    purpose: GuestPurpose;
    expiresAt: Date;
  };
  /** The card's summary: nothing of the correspondent, the case file or the routing. */
  document: {
    id: string;
    registrationNumber: string;
    registeredOn: string;
    subject: string;
    documentKind: string;
    dueDate: string | null;
    closed: boolean;
  };
  attachments: Pick<Attachment, 'id' | 'fileName' | 'contentType' | 'size'>[];
  task: { id: string; name: string; dueAt: Date | null; open: boolean };
  /** What this guest has answered so far, oldest first. */
  answers: { kind: CommentKind; body: string; createdAt: Date }[];
}

/** What the guest sees: the invited document's summary and files, the task, their own answers. */
export async function guestView(
  ctx: GuestContext,
  props: { invitationId: string; documentId: string; language?: string },
): Promise<GuestView> {
  const invitation = await requireGuestInvitation(ctx, props.invitationId, props.documentId);
  const document = await ctx.store.documents.get(invitation.documentId);
  const task = await ctx.store.tasks.get(invitation.taskId);
  if (!document || !task) throw new NotFound('No such document.', 'refusal.noSuchDocument');
  const attachments = await ctx.store.attachments.list(document.id);
  const answers = (await ctx.store.taskComments.listByTask(task.id)).filter(
    (comment) => comment.kind.startsWith('guest_') && comment.authorName === authorNameOf(invitation),
  );
  return {
    invitation: {
      id: invitation.id,
      guestName: invitation.guestName,
      purpose: invitation.purpose,
      expiresAt: invitation.expiresAt,
    },
    document: {
      id: document.id,
      registrationNumber: document.registrationNumber,
      registeredOn: document.registeredOn,
      subject: document.subject,
      documentKind: document.documentKind,
      dueDate: document.dueDate,
      closed: document.status === CLOSED_STATUS,
    },
    attachments: attachments.map(({ id, fileName, contentType, size }) => ({
      id,
      fileName,
      contentType,
      size,
    })),
    task: {
      id: task.id,
      // The step's name in the page's language, as the diagram gives it.
      name: (await localElementNames(ctx, props.language ?? '', [task]))[0] ?? task.name,
      dueAt: task.dueAt,
      open: task.status === 'open',
    },
    answers: answers.map(({ kind, body, createdAt }) => ({ kind, body, createdAt })),
  };
}

/** A file of the invited document, audited; NotFound for a file of any other document. */
export async function openGuestAttachment(
  ctx: GuestContext,
  props: { invitationId: string; documentId: string; attachmentId: string },
): Promise<{ attachment: Attachment; content: Readable }> {
  const invitation = await requireGuestInvitation(ctx, props.invitationId, props.documentId);
  const attachment = await ctx.store.attachments.get(props.attachmentId);
  if (!attachment || attachment.documentId !== invitation.documentId)
    throw new NotFound('No such attachment.', 'refusal.noSuchAttachment');
  await ctx.store.audit.append({
    ...auditActor(guestActor(invitation)),
    occurredAt: ctx.clock.now(),
    action: 'document.guest_opened_file',
    objectType: 'document',
    objectId: invitation.documentId,
    details: { invitationId: invitation.id, attachmentId: attachment.id, fileName: attachment.fileName },
  });
  return { attachment, content: await ctx.store.blobs.open(attachment.sha256) };
}

/** How the guest is named in the thread: their name and address, as invited. */
const authorNameOf = (invitation: GuestInvitation): string =>
  `${invitation.guestName} <${invitation.guestEmail}>`;

export interface GuestAnswerProps {
  invitationId: string;
  documentId: string;
  /** For an endorsement: `agree` or `disagree`; not given for a comment. */
  decision?: string;
  body: string;
}

/**
 * The guest's comment, or endorsement (agree / disagree with a note; a disagreement says why), into
 * the document's thread on the invited task; the inviter is told in the app and by mail.
 */
export async function answerAsGuest(
  ctx: GuestContext,
  props: GuestAnswerProps,
): Promise<{ kind: CommentKind }> {
  return ctx.store.transaction(async (tx) => {
    const now = ctx.clock.now();
    const invitation = await requireGuestInvitation(ctx, props.invitationId, props.documentId, tx);
    const document = await tx.documents.get(invitation.documentId);
    const task = await tx.tasks.get(invitation.taskId);
    if (!document || !task) throw new NotFound('No such document.', 'refusal.noSuchDocument');
    if (task.status !== 'open' || document.status === CLOSED_STATUS) {
      throw new Conflict(
        'The task is finished; the guest can no longer answer.',
        'refusal.guestTaskFinished',
      );
    }
    const body = props.body.replace(/\r\n/g, '\n').trim();
    const problems: Problem[] = [];
    let answer: GuestAnswer = 'commented';
    if (invitation.purpose === 'endorse') {
      if (props.decision === 'agree') answer = 'agreed';
      else if (props.decision === 'disagree') answer = 'disagreed';
      else
        problems.push({
          field: 'decision',
          message: 'must be one of agree, disagree',
          code: 'problem.oneOf',
          params: { values: 'agree, disagree' },
        });
    }
    if (body === '' && answer !== 'agreed')
      problems.push({ field: 'body', message: 'is required', code: 'problem.required' });
    if (body.length > MAX_COMMENT_LENGTH) {
      problems.push({
        field: 'body',
        message: `may be at most ${MAX_COMMENT_LENGTH} characters long`,
        code: 'problem.tooLong',
        params: { max: MAX_COMMENT_LENGTH },
      });
    }
    if (problems.length > 0)
      throw new Invalid('The answer cannot be sent.', problems, 'refusal.guestAnswerRefused');
    const kind: CommentKind =
      answer === 'agreed' ? 'guest_agreed' : answer === 'disagreed' ? 'guest_disagreed' : 'guest_comment';
    const actor = guestActor(invitation);
    const comment = await tx.taskComments.insert({
      taskId: task.id,
      documentId: document.id,
      authorId: null,
      authorName: authorNameOf(invitation),
      body,
      createdAt: now,
      kind,
    });
    await tx.audit.append({
      ...auditActor(actor),
      occurredAt: now,
      action: answer === 'commented' ? 'document.guest_commented' : 'document.guest_endorsed',
      objectType: 'document',
      objectId: document.id,
      details: {
        invitationId: invitation.id,
        commentId: comment.id,
        taskId: task.id,
        taskName: task.name,
        guestName: invitation.guestName,
        ...(answer === 'commented' ? {} : { decision: answer }),
        comment: body,
      },
    });
    const inviter = await tx.users.get(invitation.inviterId);
    if (inviter) {
      await notifyUsers({ ...ctx, actor }, tx, [inviter], {
        kind: 'message',
        taskId: task.id,
        documentId: document.id,
        params: {
          subject: guestAnswerSubject(mailLanguageOf(inviter.language), answer, {
            guest: invitation.guestName,
            document: document.registrationNumber || document.subject,
          }),
          text: body,
        },
      });
    }
    return { kind };
  });
}
