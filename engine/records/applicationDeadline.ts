/**
 * Extending a citizen application's answer deadline, once, with a new date and a reason: the
 * document's due date moves, the process's deadline watch is told (message `deadlineExtended`, so
 * that the reminder and the escalation follow the new date), and the notice to the applicant is
 * issued as an outgoing document of its own (extensionNotice.ts: numbered, linked, e-mailed or left
 * for the registry to post) and recorded in the instance history and the audit trail — all in one
 * transaction: a refused extension numbers nothing.
 */
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import type { DocumentRecord } from '../store/ports.js';
import { correlateMessageStep } from '../workflow/runtime/correlateMessage.js';
import { runInstanceStep } from '../workflow/runtime/instanceStep.js';
import { getDocument } from './documents.js';
import { type ExtensionNotice, issueExtensionNotice, storeNoticePdf } from './extensionNotice.js';
import { mayExtendDeadlineAs, viewerOf } from '../policies/document.js';
import { REMINDER_WORKING_DAYS } from './resolution.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import { addDays, addWorkingDays, workingCalendar } from '../kernel/workingCalendar.js';
import { zonedInstant } from '../kernel/zonedTime.js';

export const DEADLINE_EXTENDED_MESSAGE = 'deadlineExtended';
/** As the resolution's reminders: at the start of a working day. */
const REMINDER_TIME = '08:00';

export interface ExtendDeadlineProps {
  documentId: string;
  /** `YYYY-MM-DD`, after the current deadline. */
  newDueDate: string;
  reason: string;
}

export interface ExtendedDeadline {
  document: DocumentRecord;
  previousDueDate: string | null;
  /** The notice to the applicant: its document, and whether it was e-mailed or waits to be posted. */
  notice: ExtensionNotice;
}

const REFUSED = 'The deadline cannot be extended.';

/** Why the application's deadline was extended, or null; for whoever may see the document. */
export async function deadlineExtensionReason(
  ctx: UseCaseContext,
  documentId: string,
): Promise<string | null> {
  await getDocument(ctx, documentId);
  return (await ctx.store.documents.letterDetails(documentId))?.dueDateExtensionReason ?? null;
}

/**
 * Whether the actor may extend the deadline now (the card offers the link then): the application is
 * being executed, its deadline was not extended yet, and the actor is a head or its responsible
 * executor. The document's visibility was checked by the caller (getDocument).
 */
export async function mayExtendDeadline(ctx: UseCaseContext, documentId: string): Promise<boolean> {
  if (!isUuid(documentId)) return false;
  const waiting = await ctx.store.messageSubscriptions.find(DEADLINE_EXTENDED_MESSAGE, documentId);
  const instanceId = waiting[0]?.instanceId;
  if (!instanceId) return false;
  if ((await ctx.store.documents.letterDetails(documentId))?.dueDateExtensionReason) return false;
  if (mayExtendDeadlineAs(ctx.actor, null)) return true;
  const instance = await ctx.store.processInstances.get(instanceId);
  return mayExtendDeadlineAs(ctx.actor, instance?.variables.responsible);
}

/** The responsible executor (a process variable) or a head extends the deadline. */
export async function extendDeadline(
  ctx: UseCaseContext,
  props: ExtendDeadlineProps,
): Promise<ExtendedDeadline> {
  const problems = new Problems();
  const newDueDate = problems.date('newDueDate', props.newDueDate);
  if (!props.newDueDate) problems.add('newDueDate', 'is required', 'problem.required');
  const reason = problems.text('reason', props.reason, 1000);
  problems.check(REFUSED, 'refusal.extend');

  const documentId = isUuid(props.documentId ?? '') ? props.documentId : '';
  if (!documentId || !(await ctx.store.documentAccess.canSee(documentId, viewerOf(ctx.actor)))) {
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  }
  const waiting = await ctx.store.messageSubscriptions.find(DEADLINE_EXTENDED_MESSAGE, documentId);
  const instanceId = waiting[0]?.instanceId;
  if (!instanceId) {
    throw new Conflict(
      'The deadline can be extended only while the application is being executed.',
      'refusal.extendWhileExecuted',
    );
  }
  const instance = await ctx.store.processInstances.get(instanceId);
  const responsible = instance?.variables.responsible;
  if (!mayExtendDeadlineAs(ctx.actor, responsible)) {
    throw new Forbidden(
      'Only the responsible executor or a head may extend the deadline.',
      'refusal.extendWho',
    );
  }

  const { timeZone, holidayCountry } = settingsOf(ctx);
  const now = ctx.clock.now();
  const today = localDate(now, timeZone);
  const deadline = newDueDate as string;
  const reminderDay = addWorkingDays(deadline, -REMINDER_WORKING_DAYS, workingCalendar(holidayCountry));
  const variables: Record<string, string> = {
    deadline,
    extensionReason: reason,
    reminderAt: (reminderDay < today
      ? now
      : zonedInstant(reminderDay, REMINDER_TIME, timeZone)
    ).toISOString(),
    overdueAt: zonedInstant(addDays(deadline, 1), '00:00', timeZone).toISOString(),
  };
  const message = correlateMessageStep(ctx, instanceId, {
    name: DEADLINE_EXTENDED_MESSAGE,
    businessKey: documentId,
    variables,
  });
  const extended = await runInstanceStep(ctx, instanceId, {
    command: message.command,
    async prepare(tx, current) {
      const subscription = await message.prepare(tx, current);
      const document = await tx.documents.get(documentId);
      if (!document) throw new NotFound('No such document.', 'refusal.noSuchDocument');
      if ((await tx.documents.letterDetails(documentId))?.dueDateExtensionReason) {
        throw new Conflict(
          'The deadline of this application was extended already; it may be extended once.',
          'refusal.extendedAlready',
        );
      }
      const previous = document.dueDate ?? null;
      if (previous !== null && deadline <= previous) {
        problems.add(
          'newDueDate',
          `must be after the current deadline ${previous}`,
          'problem.afterCurrentDeadline',
          { date: previous },
        );
      } else if (deadline < today) {
        problems.add('newDueDate', `is before today (${today})`, 'problem.beforeToday', { date: today });
      }
      problems.check(REFUSED, 'refusal.extend');
      const extended = await tx.documents.extendDueDate(document.id, document.version, deadline, reason);
      const register = await tx.registers.get(document.registerId);
      if (!register) throw new NotFound('No such register.', 'refusal.noSuchRegister');
      const notice = await issueExtensionNotice(ctx, tx, {
        application: extended,
        applicationRegister: register,
        previousDueDate: previous,
        newDueDate: deadline,
        reason,
        now,
      });
      const noticeDetails = {
        noticeId: notice.document.id,
        noticeNumber: notice.document.registrationNumber,
        delivery: notice.delivery,
        ...(notice.email ? { email: notice.email, mailId: notice.mailId } : {}),
      };
      await tx.audit.append({
        ...auditActor(ctx.actor),
        occurredAt: now,
        action: 'document.deadline_extended',
        objectType: 'document',
        objectId: document.id,
        details: {
          from: previous,
          to: deadline,
          reason,
          applicantNotified: notice.delivery === 'email',
          ...noticeDetails,
        },
      });
      await tx.audit.append({
        ...auditActor(ctx.actor),
        occurredAt: now,
        action: 'document.notice_issued',
        objectType: 'document',
        objectId: document.id,
        details: noticeDetails,
      });
      // The process's history names the notice; the message carries these variables in this step.
      variables.noticeNumber = notice.document.registrationNumber;
      return {
        subscription,
        extended: { document: extended, previousDueDate: previous, notice },
      };
    },
    apply: (session, prepared) => message.apply(session, prepared.subscription),
    history: (prepared) => message.history?.(prepared.subscription) ?? [],
    audit: (tx, saved, prepared) => message.audit(tx, saved, prepared.subscription),
    result: (_persisted, prepared) => prepared.extended,
  });
  await storeNoticePdf(ctx, extended.notice);
  return extended;
}
