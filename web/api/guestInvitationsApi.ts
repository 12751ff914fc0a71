/**
 * Guest invitations over JSON (issue 18): a head who holds a task invites an outside person by
 * e-mail to comment on or endorse it, sends a new link, or revokes the invitation; the same use cases
 * as the task page's guest panel, with the same checks and audit events. The link itself goes only to
 * the guest's e-mail (the API never shows it).
 */
import { z } from 'zod';
import {
  inviteGuest,
  listGuestInvitations,
  MAX_GUEST_DAYS,
  MAX_GUEST_NAME_LENGTH,
  resendGuestLink,
  revokeGuestInvitation,
} from '../../engine/guests/guestInvitations.js';
import { GUEST_PURPOSES } from '../../engine/store/guestPorts.js';
import { LANGUAGES } from '../i18n/translate.js';
import type { ApiRoutes } from './support/apiRoute.js';
import { presentAs } from './support/presentAs.js';
import { CalendarDay, ErrorBody, Id, IdParams, Instant } from './support/schemas.js';

const InvitationParams = z.object({ id: Id, invitationId: Id });

const InviteBody = z.strictObject({
  guestName: z.string().max(MAX_GUEST_NAME_LENGTH).describe('The guest’s name, as the task page shows it.'),
  guestEmail: z.string().max(254).describe('Where the one-time sign-in link is sent.'),
  purpose: z
    .enum(GUEST_PURPOSES)
    .describe('`comment`: a comment on the task; `endorse`: agree or not, with a note.'),
  validUntil: CalendarDay.describe(
    `The last day the invitation holds (the institution's calendar), at most ${MAX_GUEST_DAYS} days from today.`,
  ),
  language: z
    .enum(LANGUAGES)
    .optional()
    .describe('The language of the mail to the guest; Latvian when left out.'),
});
const ResendBody = z.strictObject({
  language: z
    .enum(LANGUAGES)
    .optional()
    .describe('The language of the mail to the guest; Latvian when left out.'),
});

const InvitationBody = z
  .object({
    id: z.string(),
    documentId: z.string(),
    taskId: z.string(),
    inviterId: z.string(),
    guestName: z.string(),
    guestEmail: z.string(),
    purpose: z.enum(GUEST_PURPOSES),
    expiresAt: Instant.describe('The end of the last day it holds.'),
    revokedAt: Instant.nullable(),
    revokedBy: z.string().nullable(),
    createdAt: Instant,
  })
  .describe('A guest invitation to one task of one document.');

const ListedInvitationBody = InvitationBody.extend({
  state: z.enum(['active', 'expired', 'revoked']),
  mayManage: z
    .boolean()
    .describe('The caller may send a new link and revoke it (the inviter, an administrator).'),
}).describe('A guest invitation with its state.');

const managed = {
  403: { description: 'Only the inviter or an administrator may change an invitation.', schema: ErrorBody },
  404: { description: 'No such task or invitation (or one the caller may not see).', schema: ErrorBody },
};

export function guestInvitationRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/tasks/:id/guests',
      summary: 'The guests invited to a task, newest first, with their state',
      tag: 'tasks',
      params: IdParams,
      responses: {
        200: {
          description: 'Invitations, revoked and expired ones too.',
          schema: z.array(ListedInvitationBody),
        },
        404: {
          description: 'No such task, or one whose document the caller may not see.',
          schema: ErrorBody,
        },
      },
    },
    async ({ ctx, res, params }) => {
      res.json(
        (await listGuestInvitations(ctx, params.id)).map((invitation) =>
          presentAs(ListedInvitationBody, invitation),
        ),
      );
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/guests',
      summary:
        'Invite an outside person to a task you hold (heads): they get a one-time sign-in link by e-mail and see only this document and task',
      tag: 'tasks',
      params: IdParams,
      body: InviteBody,
      responses: {
        201: { description: 'The invitation; the first link is on its way.', schema: InvitationBody },
        400: { description: 'Invalid input; `problems` name the fields.', schema: ErrorBody },
        403: { description: 'Only a head who holds the task may invite guests to it.', schema: ErrorBody },
        404: {
          description: 'No such task, or one whose document the caller may not see.',
          schema: ErrorBody,
        },
        409: { description: 'The document is closed.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      res.status(201).json(presentAs(InvitationBody, await inviteGuest(ctx, { taskId: params.id, ...body })));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/guests/:invitationId/resend',
      summary: 'Send the guest a new one-time link (the invitation must still hold)',
      tag: 'tasks',
      params: InvitationParams,
      body: ResendBody,
      responses: {
        200: { description: 'The invitation; a new link is on its way.', schema: InvitationBody },
        ...managed,
        409: { description: 'The invitation is revoked or expired.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params, body }) => {
      const invitation = await resendGuestLink(ctx, {
        invitationId: params.invitationId,
        taskId: params.id,
        language: body.language ?? null,
      });
      res.json(presentAs(InvitationBody, invitation));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/guests/:invitationId/revoke',
      summary: 'End an invitation at once: its links and the guest’s session open nothing any more',
      tag: 'tasks',
      params: InvitationParams,
      responses: {
        200: { description: 'The revoked invitation.', schema: InvitationBody },
        ...managed,
        409: { description: 'Already revoked.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, params }) => {
      const invitation = await revokeGuestInvitation(ctx, {
        invitationId: params.invitationId,
        taskId: params.id,
      });
      res.json(presentAs(InvitationBody, invitation));
    },
  );
}
