/**
 * Everything the document card shows, read after `getDocument` has checked that the actor may see
 * the document: attachments, the routing processes with their tasks and variables, and a timeline
 * merged from the audit trail and the process history. A read-only query.
 */
import { retentionEndsOn } from '../archive/retention.js';
import type { UseCaseContext } from '../context.js';
import { mayExtendDeadline } from './applicationDeadline.js';
import { listAttachments } from './attachments.js';
import { type DocumentCard, getDocument } from './documents.js';
import type { JsonValue } from '../store/ports.js';
import type { Attachment } from '../store/recordPorts.js';
import type { TaskComment } from '../store/taskCommentPorts.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { type ActedFor, actedFor, completionsForOthers, displayNames } from '../substitutions/onBehalf.js';
import { localDefinitionNames, localElementNames } from '../workflow/deployment/localNames.js';
import { type FormAnswers, formAnswers } from './formAnswers.js';

/**
 * The process variables a resolution or order leaves, in the order the card lists them. Reports and
 * comments are not among them: each step overwrites those variables, the thread keeps every one.
 */
const SUMMARY_VARIABLES = [
  'decision',
  'executors',
  'responsible',
  'controller',
  'deadline',
  'departments',
  'text',
  'outcome',
  'control',
] as const;

/** Variables holding a form's option value (`execute`, `accept`): shown by the option's label. */
const CHOICE_VARIABLES: ReadonlySet<string> = new Set(['decision', 'outcome', 'control']);

export interface TimelineEntry {
  at: Date;
  who: string;
  /** A message id prefix + code, e.g. `audit.document.registered` or `history.task.completed`. */
  kind: 'audit' | 'history';
  code: string;
  detail: string;
  /** A priority change: the priority it was set to (the view words it in the page's language). */
  priority?: string;
  /** A date the event set (a new deadline): the view formats it as every other date. */
  newDate?: string;
  /** A deputy's work for someone else: who, for whom (display names). */
  actedFor: ActedFor | null;
  /** A document the event created (the notice to the applicant): the entry links to it. */
  link?: { id: string; registrationNumber: string };
}

/** How a notice to the applicant (extensionNotice.ts) reaches them, as the card tells it. */
export interface ApplicantNotice {
  id: string;
  registrationNumber: string;
  subject: string;
  /** `email`: queued to the applicant's address; `post_or_hand_over`: the registry sends it. */
  delivery: string;
  email: string | null;
  /** The outbox's state of the mail (`queued`, `sending`, `sent`, `failed`), when e-mailed. */
  mailStatus: string | null;
  /** The notice's status: `registered` while the registry has still to send it, then `dispatched`. */
  status: string;
  dispatchedAt: Date | null;
  channel: string | null;
}

/** The outbox's state of an e-mailed letter, as the card tells it. */
export interface EmailedLetter {
  recipient: string;
  /** `queued`, `sending`, `sent`, `failed`; null when the mail is not found. */
  mailStatus: string | null;
  queuedAt: Date | null;
  sentAt: Date | null;
  messageId: string | null;
  attempts: number;
  lastError: string | null;
  /** While queued after a failed attempt: when the outbox tries again. */
  nextAttemptAt: Date | null;
}

export interface DocumentCardView extends DocumentCard {
  attachments: Attachment[];
  linkedDocuments: { id: string; registrationNumber: string; subject: string }[];
  processes: {
    id: string;
    processKey: string;
    /** The process's name in the page's language (else its name, else its key). */
    processName: string;
    status: string;
    summary: { name: string; value: string; choice: boolean; date: boolean }[];
    tasks: (TaskRecord & { completedFor: ActedFor | null })[];
    /** What was entered in the task forms, labelled as the forms label it. */
    formAnswers: FormAnswers[];
  }[];
  timeline: TimelineEntry[];
  /** Every comment and step note (resolution, return, report, acceptance, delegation), oldest first. */
  thread: TaskComment[];
  /** An outgoing letter's text and when it was dispatched (its channel is the document's). */
  letter: { body: string | null; dispatchedAt: Date | null };
  /** An application under execution whose deadline this actor may extend (once). */
  mayExtendDeadline: boolean;
  /** The notices to the applicant this application's deadline extension issued. */
  applicantNotices: ApplicantNotice[];
  /**
   * Filed in a case file: the first day it is no longer kept (`YYYY-MM-DD`, inherited from the case
   * file, engine/archive/retention.ts), or null when kept permanently; undefined when not filed.
   */
  retentionEndsOn?: string | null;
  /**
   * A letter e-mailed through the outbox (an outgoing letter dispatched by e-mail, a notice to an
   * applicant): to whom, the mail's state, when it was sent and its SMTP Message-ID, and while it
   * waits after a failed attempt, the attempts so far, the last error and when it is tried again.
   */
  emailed: EmailedLetter | null;
}

const show = (value: JsonValue | undefined): string =>
  value === undefined || value === null
    ? ''
    : Array.isArray(value)
      ? value.map((v) => show(v)).join(', ')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/**
 * The card of document `id`. Task, step and process names are in `language` where the diagram names
 * them in it (`name:<language>`, see engine/workflow/deployment/localNames.ts), else as stored; the
 * form answers' labels where the form names them in it (`label:<language>`, engine/records/taskForm.ts).
 */
export async function loadDocumentCard(
  ctx: UseCaseContext,
  id: string,
  language = '',
): Promise<DocumentCardView> {
  const card = await getDocument(ctx, id);
  const attachments = await listAttachments(ctx, id);
  const linkedDocuments = [];
  for (const linkedId of card.links) {
    const linked = await ctx.store.documents.get(linkedId);
    if (linked)
      linkedDocuments.push({
        id: linked.id,
        registrationNumber: linked.registrationNumber,
        subject: linked.subject,
      });
  }
  const thread = await ctx.store.taskComments.listByDocument(id);
  // A completion that returned or accepted the work is told by its note ("returned … → to whom").
  const notedCompletions = new Set(
    thread.filter((n) => n.kind === 'returned' || n.kind === 'accepted').map((n) => n.taskId),
  );
  const instances = (await ctx.store.processInstances.list({ businessKey: id, limit: 20 })).items;
  const nameOf = displayNames(ctx.store);
  const auditEvents = await ctx.store.audit.list({ objectType: 'document', objectId: id, limit: 500 });
  const timeline: TimelineEntry[] = [];
  for (const event of auditEvents) {
    // A priority or a deadline is worded and formatted by the view, not shown as stored.
    const worded = event.action === 'document.priority_set' || event.action === 'document.deadline_extended';
    timeline.push({
      at: event.occurredAt,
      // People by name, as they are called now; the audit's own name (a username) for a system
      // actor or someone since removed.
      who: (await nameOf(event.actorId)) ?? event.actorName,
      kind: 'audit' as const,
      code: event.action,
      ...(event.action === 'document.priority_set' && typeof event.details.to === 'string'
        ? { priority: event.details.to }
        : {}),
      ...(event.action === 'document.deadline_extended' && typeof event.details.to === 'string'
        ? { newDate: event.details.to }
        : {}),
      // A comment's or a step note's text shows in the timeline (engine/records/taskNotes.ts), with
      // whom the step went to.
      // Filing names its case file ("→ 3-12 Iesniegumi"), not the case file's id.
      detail: [
        typeof event.details.caseFile === 'string'
          ? event.action === 'document.unfiled'
            ? event.details.caseFile
            : `→ ${event.details.caseFile}`
          : typeof event.details.to === 'string' && !worded
            ? `→ ${event.details.to}`
            : null,
        [event.details.fileName, event.details.comment, event.details.reason].find(
          (v): v is string => typeof v === 'string',
        ),
      ]
        .filter(Boolean)
        .join(' '),
      actedFor: await actedFor(nameOf, event),
      ...(event.action === 'document.notice_issued' &&
      typeof event.details.noticeId === 'string' &&
      typeof event.details.noticeNumber === 'string'
        ? { link: { id: event.details.noticeId, registrationNumber: event.details.noticeNumber } }
        : {}),
    });
  }
  const processes = [];
  for (const instance of instances) {
    const storedTasks = await ctx.store.tasks.listByInstance(instance.id);
    const taskNames = await localElementNames(ctx, language, storedTasks);
    const history = await ctx.store.processHistory.listByInstance(instance.id, { limit: 500 });
    const completedFor = await completionsForOthers(nameOf, history);
    const tasks = storedTasks.map((task, index) => ({
      ...task,
      name: taskNames[index] ?? task.name,
      completedFor: completedFor.get(task.id) ?? null,
    }));
    const names = await localDefinitionNames(ctx, language, instance.definitionId);
    for (const event of history) {
      // The card tells what people did and where the process went; engine internals stay out.
      if (
        ![
          'instance.started',
          'instance.completed',
          'task.created',
          'task.claimed',
          'task.unclaimed',
          'task.reassigned',
          'task.completed',
          'timer.fired',
        ].includes(event.type)
      )
        continue;
      if (event.type === 'task.completed' && notedCompletions.has(String(event.details.taskId))) continue;
      const taskName =
        tasks.find((task) => task.id === event.details.taskId)?.name ??
        (event.elementId ? (names.elements.get(event.elementId) ?? event.elementId) : '');
      // A hand-over says to whom.
      const to =
        event.type === 'task.reassigned' && typeof event.details.to === 'string'
          ? ` → ${(await ctx.store.users.getByUsername(event.details.to))?.displayName ?? event.details.to}`
          : '';
      timeline.push({
        at: event.at,
        who: (await nameOf(event.actorId)) ?? event.actorName,
        kind: 'history',
        code: event.type,
        detail: taskName + to,
        actedFor: await actedFor(nameOf, event),
      });
    }
    processes.push({
      id: instance.id,
      processKey: instance.processKey,
      processName: names.process ?? instance.processKey,
      status: instance.status,
      summary: SUMMARY_VARIABLES.filter((name) => instance.variables[name] !== undefined).map((name) => ({
        // An order's text is labelled "Order", a resolution's "Resolution".
        name: name === 'text' && Array.isArray(instance.variables.departments) ? 'orderText' : name,
        value: show(instance.variables[name]),
        choice: CHOICE_VARIABLES.has(name),
        date: name === 'deadline',
      })),
      tasks,
      formAnswers: await formAnswers(ctx, tasks, new Set<string>(SUMMARY_VARIABLES), language),
    });
  }
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
  const details = await ctx.store.documents.letterDetails(id);
  const letter = { body: details?.body ?? null, dispatchedAt: details?.dispatchedAt ?? null };
  const extendable = card.register.kind === 'application' && (await mayExtendDeadline(ctx, id));
  const applicantNotices: ApplicantNotice[] = [];
  for (const event of auditEvents.filter((e) => e.action === 'document.notice_issued')) {
    const noticeId = typeof event.details.noticeId === 'string' ? event.details.noticeId : null;
    const notice = noticeId ? await ctx.store.documents.get(noticeId) : null;
    if (!notice) continue;
    const mailId = typeof event.details.mailId === 'string' ? event.details.mailId : null;
    applicantNotices.push({
      id: notice.id,
      registrationNumber: notice.registrationNumber,
      subject: notice.subject,
      delivery: String(event.details.delivery ?? ''),
      email: typeof event.details.email === 'string' ? event.details.email : null,
      mailStatus: mailId ? ((await ctx.store.mailOutbox.get(mailId))?.status ?? null) : null,
      status: notice.status,
      dispatchedAt: (await ctx.store.documents.letterDetails(notice.id))?.dispatchedAt ?? null,
      channel: notice.channel,
    });
  }
  const mailed = auditEvents.find(
    (e) => e.action === 'document.dispatched' && typeof e.details.mailId === 'string',
  );
  const mail = mailed ? await ctx.store.mailOutbox.get(String(mailed.details.mailId)) : null;
  const emailed: EmailedLetter | null = mailed
    ? {
        recipient: String(mailed.details.recipient ?? ''),
        mailStatus: mail?.status ?? null,
        queuedAt: mail?.createdAt ?? null,
        sentAt: mail?.sentAt ?? null,
        messageId: mail?.messageId ?? null,
        attempts: mail?.attempts ?? 0,
        lastError: mail?.lastError ?? null,
        nextAttemptAt: mail?.status === 'queued' && mail.lastError !== null ? mail.nextAttemptAt : null,
      }
    : null;
  return {
    ...card,
    attachments,
    linkedDocuments,
    processes,
    timeline,
    thread,
    letter,
    mayExtendDeadline: extendable,
    applicantNotices,
    emailed,
    ...(card.caseFile ? { retentionEndsOn: retentionEndsOn(card.caseFile) } : {}),
  };
}
