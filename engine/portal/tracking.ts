/**
 * The citizen's tracking page (issue 17, part 1): by the token of their link, the one application
 * it was made for — its number, status in words, legal due date (and a new one with its reason once
 * extended), and the dispatched answer letters with their files. Nothing else is reachable from a
 * token: a file is handed out only when it belongs to one of those answers. Staff revoke a token
 * from the application's card (`document.tracking_revoked`); a revoked or unknown token is NotFound.
 */
import type { Readable } from 'node:stream';
import { auditActor, type UseCaseContext } from '../context.js';
import { Forbidden, NotFound } from '../errors.js';
import { mayRevokeTracking, trackingOpen } from '../policies/portal.js';
import { viewerOf } from '../policies/document.js';
import type { EServiceApplication } from '../store/portalPorts.js';
import type { Attachment } from '../store/recordPorts.js';
import type { PortalContext, PortalLanguage } from './eServices.js';
import { hashTrackingToken } from './submitApplication.js';

export const TRACKING_STATUSES = ['registered', 'in_progress', 'extended', 'answered', 'closed'] as const;
export type TrackingStatus = (typeof TRACKING_STATUSES)[number];

export interface TrackedAnswer {
  registrationNumber: string;
  dispatchedOn: Date;
  text: string | null;
  files: Pick<Attachment, 'id' | 'fileName' | 'size' | 'contentType'>[];
}

export interface TrackedApplication {
  serviceName: string;
  registrationNumber: string;
  registeredOn: string;
  status: TrackingStatus;
  dueDate: string | null;
  /** Why the deadline was extended (to `dueDate`), once it was. */
  extensionReason: string | null;
  answers: TrackedAnswer[];
}

const NOT_FOUND = 'This tracking link is not known or no longer valid.';

async function applicationOfToken(ctx: PortalContext, token: string): Promise<EServiceApplication> {
  const application = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await ctx.store.portal.applicationByTokenHash(hashTrackingToken(token))
    : null;
  if (!application || !trackingOpen(application)) throw new NotFound(NOT_FOUND, 'refusal.trackingUnknown');
  return application;
}

function statusOf(documentStatus: string, extended: boolean, answered: boolean): TrackingStatus {
  if (documentStatus === 'closed') return 'closed';
  if (answered || documentStatus === 'answered') return 'answered';
  if (extended) return 'extended';
  return documentStatus === 'registered' ? 'registered' : 'in_progress';
}

export async function trackApplication(
  ctx: PortalContext,
  token: string,
  language: PortalLanguage,
): Promise<TrackedApplication> {
  const application = await applicationOfToken(ctx, token);
  const document = await ctx.store.documents.get(application.documentId);
  if (!document) throw new NotFound(NOT_FOUND, 'refusal.trackingUnknown');
  const service = await ctx.store.portal.getService(application.eServiceId);
  const extensionReason =
    (await ctx.store.documents.letterDetails(document.id))?.dueDateExtensionReason ?? null;
  const answers: TrackedAnswer[] = [];
  for (const answer of await ctx.store.portal.dispatchedAnswers(document.id)) {
    const files = await ctx.store.attachments.list(answer.documentId);
    answers.push({
      registrationNumber: answer.registrationNumber,
      dispatchedOn: answer.dispatchedAt,
      text: (await ctx.store.documents.letterDetails(answer.documentId))?.body ?? null,
      files: files.map(({ id, fileName, size, contentType }) => ({ id, fileName, size, contentType })),
    });
  }
  return {
    serviceName: service ? service.names[language] || service.names.lv : document.subject,
    registrationNumber: document.registrationNumber,
    registeredOn: document.registeredOn,
    status: statusOf(document.status, extensionReason !== null, answers.length > 0),
    dueDate: document.dueDate,
    extensionReason,
    answers,
  };
}

/** A file of a dispatched answer to the token's application; NotFound for any other file. */
export async function openTrackedAnswerFile(
  ctx: PortalContext,
  token: string,
  attachmentId: string,
): Promise<{ attachment: Attachment; content: Readable }> {
  const application = await applicationOfToken(ctx, token);
  const attachment = await ctx.store.attachments.get(attachmentId);
  const answers = await ctx.store.portal.dispatchedAnswers(application.documentId);
  if (!attachment || !answers.some((answer) => answer.documentId === attachment.documentId)) {
    throw new NotFound('No such file.', 'refusal.noSuchIntakeFile');
  }
  return { attachment, content: await ctx.store.blobs.open(attachment.sha256) };
}

/** The card's question: was this document applied for through the portal, and is its link live? */
export async function trackingOfDocument(
  ctx: UseCaseContext,
  documentId: string,
): Promise<{ email: string; revokedAt: Date | null; mayRevoke: boolean } | null> {
  if (!(await ctx.store.documentAccess.canSee(documentId, viewerOf(ctx.actor)))) return null;
  const application = await ctx.store.portal.applicationOfDocument(documentId);
  if (!application) return null;
  return {
    email: application.applicantEmail,
    revokedAt: application.revokedAt,
    mayRevoke: mayRevokeTracking(ctx.actor) && trackingOpen(application),
  };
}

/** Revokes the tracking link of an application (staff, from its card); audited. */
export async function revokeTracking(ctx: UseCaseContext, documentId: string): Promise<void> {
  if (!mayRevokeTracking(ctx.actor) || ctx.actor.id === null) {
    throw new Forbidden('You may not revoke tracking links.', 'refusal.notAllowed', {
      doing: 'revoke tracking links',
    });
  }
  if (!(await ctx.store.documentAccess.canSee(documentId, viewerOf(ctx.actor)))) {
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  }
  const actorId = ctx.actor.id;
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    const revoked = await tx.portal.revokeApplicationToken(documentId, actorId, now);
    if (!revoked) throw new NotFound('This document has no live tracking link.', 'refusal.noLiveTracking');
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.tracking_revoked',
      objectType: 'document',
      objectId: documentId,
      details: { email: revoked.applicantEmail },
    });
  });
}
