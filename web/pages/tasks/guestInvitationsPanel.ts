/**
 * "Guests from other institutions" on the task page (issue 18): the invitations to the task with
 * their state, resend and revoke buttons for whoever may manage them, and — for a head who holds
 * the task — the form that invites a guest by e-mail. `POST /tasks/:id/guests` invites,
 * `…/guests/:invitationId/resend` sends a new link, `…/guests/:invitationId/revoke` revokes.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { localDate, type UseCaseContext } from '../../../engine/context.js';
import { Invalid, type Problem } from '../../../engine/errors.js';
import {
  GUEST_LINK_HOURS,
  invitationEndText,
  inviteGuest,
  listGuestInvitations,
  MAX_GUEST_DAYS,
  resendGuestLink,
  revokeGuestInvitation,
} from '../../../engine/guests/guestInvitations.js';
import { mayInviteGuests } from '../../../engine/policies/guest.js';
import type { TaskRecord } from '../../../engine/store/workflowPorts.js';
import { csrfToken } from '../../auth/csrf.js';
import { type Language, translator, requestLanguage } from '../../i18n/translate.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderFragment } from '../views.js';
import { showTask } from './taskPage.js';

/** The invitation form as posted, when it was refused. */
export interface GuestFormState {
  values: { guestName: string; guestEmail: string; purpose: string; validUntil: string };
  problems: Problem[];
}

const dayAfter = (date: string, days: number): string => {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
};

const NOTICES = {
  invited: 'guests.invited',
  resent: 'guests.linkResent',
  revoked: 'guests.revoked',
} as const;

/** The panel's HTML, or null when the person neither may invite nor sees any invitation. */
export async function guestInvitationsPanel(
  ctx: UseCaseContext,
  req: Request,
  task: TaskRecord,
  seesDocument: boolean,
  form?: GuestFormState,
) {
  if (!seesDocument || !task.businessKey) return null;
  const mayInvite = mayInviteGuests(ctx.actor, task);
  const invitations = await listGuestInvitations(ctx, task.id);
  if (!mayInvite && invitations.length === 0) return null;
  const lang: Language = requestLanguage(req);
  const t = translator(lang);
  const timeZone = ctx.settings?.timeZone ?? 'Europe/Riga';
  const today = localDate(ctx.clock.now(), timeZone);
  const token = csrfToken(req);
  const noticeKind = typeof req.query.guests === 'string' ? req.query.guests : '';
  const noticed = invitations.find((i) => i.id === req.query.invitation);
  const notice =
    noticeKind in NOTICES
      ? t(NOTICES[noticeKind as keyof typeof NOTICES], { email: noticed?.guestEmail ?? '' })
      : '';
  const values = form?.values ?? {
    guestName: '',
    guestEmail: '',
    purpose: 'comment',
    validUntil: dayAfter(today, 7),
  };
  return renderFragment('guestInvitations', {
    lang,
    timeZone,
    csrfToken: token,
    taskId: task.id,
    notice,
    mayInvite,
    invitations: invitations.map((invitation) => ({
      ...invitation,
      untilText: invitationEndText(invitation.expiresAt, timeZone),
      manageable: invitation.mayManage && invitation.state === 'active',
      csrfToken: token,
    })),
    values,
    purposeComment: values.purpose !== 'endorse',
    purposeEndorse: values.purpose === 'endorse',
    today,
    lastDay: dayAfter(today, MAX_GUEST_DAYS),
    maxDays: MAX_GUEST_DAYS,
    linkHours: GUEST_LINK_HOURS,
    fieldProblems: problemsByField(form?.problems ?? [], t),
    hasProblems: (form?.problems ?? []).length > 0,
  });
}

const back = (res: Response, taskId: string, kind: keyof typeof NOTICES, invitationId: string) =>
  res.redirect(303, `/tasks/${taskId}?guests=${kind}&invitation=${invitationId}#guests`);

export function guestInvitationRoutes(deps: PageDeps): Router {
  const router = Router();

  router.post('/tasks/:id/guests', async (req, res) => {
    const ctx = pageContext(req, deps);
    const fields = formFields(req);
    const values = {
      guestName: field(fields, 'guestName'),
      guestEmail: field(fields, 'guestEmail'),
      purpose: field(fields, 'purpose'),
      validUntil: field(fields, 'validUntil'),
    };
    try {
      const invitation = await inviteGuest(ctx, {
        taskId: String(req.params.id),
        ...values,
        language: requestLanguage(req),
      });
      back(res, invitation.taskId, 'invited', invitation.id);
    } catch (error) {
      if (error instanceof Invalid) {
        await showTask(req, res, deps, { status: 400, guests: { values, problems: error.problems } });
        return;
      }
      throw error;
    }
  });

  router.post('/tasks/:id/guests/:invitationId/resend', async (req, res) => {
    const invitation = await resendGuestLink(pageContext(req, deps), {
      invitationId: String(req.params.invitationId),
      taskId: String(req.params.id),
      language: requestLanguage(req),
    });
    back(res, invitation.taskId, 'resent', invitation.id);
  });

  router.post('/tasks/:id/guests/:invitationId/revoke', async (req, res) => {
    const invitation = await revokeGuestInvitation(pageContext(req, deps), {
      invitationId: String(req.params.invitationId),
      taskId: String(req.params.id),
    });
    back(res, invitation.taskId, 'revoked', invitation.id);
  });

  return router;
}
