/**
 * The task page: `GET /tasks/:id` shows the task's form (rendered from its form-js JSON),
 * `POST /tasks/:id` checks it again and completes the task; claim, unclaim and — for department
 * heads — delegation to someone of the department; comments (`POST /tasks/:id/comments`).
 * A stale form posted after someone else completed the task is answered "already completed by X".
 */
import { offerOf, peopleNames } from '../../../engine/directory/peopleNames.js';
import { markTaskNotificationsRead } from '../../../engine/notifications/inAppNotifications.js';
import type { Request, Response } from 'express';
import { Router } from 'express';
import { hasRole } from '../../../engine/policies/roles.js';
import { Conflict, Invalid, NotFound, type Problem } from '../../../engine/errors.js';
import type { JsonObject, TaskRecord } from '../../../engine/store/workflowPorts.js';
import { claimTask } from '../../../engine/workflow/runtime/claimTask.js';
import { unclaimTask } from '../../../engine/workflow/runtime/unclaimTask.js';
import { commentOnTask, listTaskComments, MAX_COMMENT_LENGTH } from '../../../engine/records/taskComments.js';
import { delegationColleagues } from '../../../engine/records/delegateTask.js';
import { taskBrief } from '../../../engine/records/taskBrief.js';
import { localElementNames } from '../../../engine/workflow/deployment/localNames.js';
import { getDocument } from '../../../engine/records/documents.js';
import { listAttachments } from '../../../engine/records/attachments.js';
import { letterOfTask, REWORK_FORM } from '../../../engine/records/draftRevision.js';
import type { UseCaseContext } from '../../../engine/context.js';
import { translateError } from '../../i18n/engineMessages.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { describeOffer } from './offerText.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField, translateProblems } from '../problemMessages.js';
import { renderPage } from '../views.js';
import { mayUse } from '../navigation.js';
import { NEW_OUTGOING_LETTER_PATH } from '../outgoing/newOutgoingLetterPage.js';
import { presentFormFields } from './presentFormFields.js';
import { submitTaskForm } from './submitTaskForm.js';
import {
  presentReworkForm,
  readReworkInput,
  type ReworkInput,
  reworkInputOf,
  submitRework,
} from './reworkForm.js';
import { documentOfTask, taskAccess } from '../../../engine/records/taskAccess.js';
import { principalOf } from '../../../engine/workflow/runtime/actingOnTask.js';
import { type ActedFor, taskCompletedFor } from '../../../engine/substitutions/onBehalf.js';
import { loadFormOfTask } from '../../../engine/records/taskForm.js';
import { formChoices } from '../../../engine/records/taskFormChoices.js';
import { validateTaskForm } from './taskFormValidation.js';
import { type GuestFormState, guestInvitationsPanel } from './guestInvitationsPanel.js';

export async function showTask(
  req: Request,
  res: Response,
  deps: PageDeps,
  extra: {
    values?: JsonObject;
    problems?: Problem[];
    status?: number;
    notice?: string;
    comment?: { text: string; problems: Problem[] };
    /** The rework form as posted, when it was refused. */
    rework?: ReworkInput;
    /** The guest invitation form as posted, when it was refused (guestInvitationsPanel.ts). */
    guests?: GuestFormState;
  } = {},
) {
  const ctx = pageContext(req, deps);
  const taskId = req.params.id;
  const access = await taskAccess(ctx, typeof taskId === 'string' ? taskId : '');
  const { task } = access;
  if (req.method === 'GET') {
    const read = await markTaskNotificationsRead(ctx, task.id);
    // The badge was counted before this page marked them.
    if (read > 0 && typeof res.locals.unreadNotifications === 'number') {
      res.locals.unreadNotifications = Math.max(0, res.locals.unreadNotifications - read);
    }
  }
  const form = await loadFormOfTask(ctx, task);
  const choices = form ? await formChoices(ctx, form, task) : new Map();
  const lang = requestLanguage(req);
  const t = translator(lang);
  // A candidate of a restricted document sees the task, not the document.
  const document = await documentOfTask(ctx, access);
  // What the task is about, beside its form: the document's card summary and its files.
  const documentSummary = document ? await summaryOf(ctx, document.id) : null;
  // An outgoing letter's task shows the letter itself: its text, addressee, the letter it answers,
  // what changed since the reviewer last saw it; its rework task edits it.
  const letter = document ? await letterOfTask(ctx, task) : null;
  const rework =
    letter && access.mayComplete && task.formKey === REWORK_FORM
      ? presentReworkForm(letter, extra.rework ?? reworkInputOf(letter), deps.maxUploadBytes)
      : null;
  const comments = await listTaskComments(ctx, task.id);
  // The resolution or order being executed, a return's reason, a returned resolution filled in.
  const brief = await taskBrief(ctx, task.id);
  const mayDelegate =
    task.status === 'open' && hasRole(ctx.actor, 'dept_head') && ctx.actor.departmentId !== null;
  // The step's name in the page's language, as the diagram gives it.
  const [taskName = task.name] = await localElementNames(ctx, lang, [task]);
  // A deputy working on the principal's task is told so; a completed task says who completed it,
  // and for whom when a deputy did.
  const actingFor = access.mayComplete ? ((await principalOf(ctx, task))?.displayName ?? null) : null;
  const completedBy =
    task.status === 'completed'
      ? await completionText(ctx, task, (acted) => t('admin.actedFor', { ...acted }))
      : null;
  const colleagues = mayDelegate ? await delegationColleagues(ctx, task) : [];
  renderPage(
    req,
    res,
    'task',
    {
      title: 'task.title',
      document: document || null,
      // A draft has no number: its link says "Draft: <subject>", never nothing.
      documentLinkText: document
        ? document.registrationNumber || t('letter.draftLink', { subject: document.subject })
        : '',
      documentSummary,
      // The work on an incoming letter or an application is often to answer it: as on the card.
      mayReply:
        documentSummary !== null &&
        task.status === 'open' &&
        ['incoming', 'application'].includes(documentSummary.register.kind) &&
        documentSummary.document.sequence !== 0 &&
        mayUse(ctx.actor, NEW_OUTGOING_LETTER_PATH),
      letter: letter
        ? {
            ...letter,
            replyToText: letter.replyTo
              ? letter.replyTo.registrationNumber ||
                t('letter.draftLink', { subject: letter.replyTo.subject })
              : '',
          }
        : null,
      rework,
      fieldProblems: problemsByField(extra.problems ?? [], t),
      overdue:
        task.status === 'open' && task.dueAt !== null && task.dueAt.getTime() < ctx.clock.now().getTime(),
      ...access,
      task: { ...task, name: taskName },
      fields: form
        ? presentFormFields(
            form,
            choices,
            extra.values ?? (task.status === 'open' ? brief.values : {}),
            problemsByField(extra.problems ?? [], t),
            lang,
          )
        : [],
      formProblems: translateProblems(
        (extra.problems ?? []).filter((p) => !p.field || !form?.fields.some((f) => f.key === p.field)),
        t,
      ),
      hasProblems: (extra.problems ?? []).length > 0,
      unsupportedComponents: form?.unsupported.join(', ') ?? '',
      notice: extra.notice ?? null,
      returned: brief.returned,
      instruction: brief.instruction,
      // Who holds the task, by name, and — while nobody does — to whom it is offered.
      assigneeName: task.assignee ? (await peopleNames(ctx, [task.assignee])).nameOf(task.assignee) : null,
      offeredTo: task.assignee ? '' : describeOffer(await offerOf(ctx, task), t),
      actingFor,
      completedBy,
      colleagues: colleagues.map((u) => ({ username: u.username, displayName: u.displayName })),
      mayDelegate: mayDelegate && colleagues.length > 0,
      comments,
      commentText: extra.comment?.text ?? '',
      commentErrors: problemsByField(extra.comment?.problems ?? [], t).body ?? [],
      maxCommentLength: MAX_COMMENT_LENGTH,
      guestPanel: await guestInvitationsPanel(ctx, req, task, access.seesDocument, extra.guests),
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

/** The card's summary of a document the person sees, with its attachments (PDFs previewable). */
async function summaryOf(ctx: UseCaseContext, documentId: string) {
  const card = await getDocument(ctx, documentId).catch((error: unknown) => {
    // A draft the person may not open: the task stays, without the summary.
    if (error instanceof NotFound) return null;
    throw error;
  });
  if (!card) return null;
  const attachments = await listAttachments(ctx, documentId);
  return {
    ...card,
    attachments: attachments.map((a) => ({
      ...a,
      href: `/documents/${documentId}/attachments/${a.id}`,
      preview: a.contentType === 'application/pdf',
    })),
  };
}

/** "Anna Bērziņa", not "anna": who completed a task, as people know them. */
async function completedByName(ctx: UseCaseContext, username: string | null): Promise<string> {
  return username ? (await peopleNames(ctx, [username])).nameOf(username) : '—';
}

/** Who completed the task, by name: "Ilze Ozola for Pēteris Liepa" when a deputy did it for someone. */
async function completionText(
  ctx: UseCaseContext,
  task: TaskRecord,
  word: (acted: ActedFor) => string,
): Promise<string> {
  const acted = await taskCompletedFor(ctx, task);
  return acted ? word(acted) : completedByName(ctx, task.completedBy);
}

export function taskPage(deps: PageDeps): Router {
  const router = Router();

  router.get('/tasks/:id', (req, res) => showTask(req, res, deps));

  router.post('/tasks/:id', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task, mayComplete } = await taskAccess(ctx, req.params.id);
    const t = translator(requestLanguage(req));
    const form = await loadFormOfTask(ctx, task);
    const fields = formFields(req);
    const { output, problems } = form
      ? validateTaskForm(form, fields, await formChoices(ctx, form, task))
      : { output: {}, problems: [] };
    if (task.status !== 'open') {
      await showTask(req, res, deps, {
        status: 409,
        notice: t('task.alreadyCompleted', { name: await completedByName(ctx, task.completedBy) }),
      });
      return;
    }
    if (!mayComplete) {
      await showTask(req, res, deps, { status: 403, notice: t('task.notYours') });
      return;
    }
    if (problems.length > 0) {
      await showTask(req, res, deps, { values: output, problems, status: 400 });
      return;
    }
    try {
      await submitTaskForm(ctx, task.id, task.formKey, output);
    } catch (error) {
      if (error instanceof Invalid) {
        await showTask(req, res, deps, { values: output, problems: error.problems, status: 400 });
        return;
      }
      if (error instanceof Conflict) {
        const { task: now } = await taskAccess(ctx, task.id);
        // Still open: the use case refused the step itself (an application's answer not yet sent).
        if (now.status === 'open') {
          await showTask(req, res, deps, {
            values: output,
            status: 409,
            notice: translateError(error, t),
          });
          return;
        }
        await showTask(req, res, deps, {
          status: 409,
          notice: t('task.alreadyCompleted', { name: await completedByName(ctx, now.completedBy ?? null) }),
        });
        return;
      }
      throw error;
    }
    res.redirect(303, task.businessKey ? `/documents/${task.businessKey}` : '/');
  });

  router.post('/tasks/:id/rework', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task, mayComplete, seesDocument } = await taskAccess(ctx, req.params.id);
    const t = translator(requestLanguage(req));
    const input = readReworkInput(formFields(req));
    if (task.status !== 'open') {
      await showTask(req, res, deps, {
        status: 409,
        notice: t('task.alreadyCompleted', { name: await completedByName(ctx, task.completedBy) }),
      });
      return;
    }
    const letter = seesDocument && task.formKey === REWORK_FORM ? await letterOfTask(ctx, task) : null;
    if (!mayComplete || !letter) {
      await showTask(req, res, deps, { status: 403, notice: t('task.notYours') });
      return;
    }
    try {
      const problems = await submitRework(ctx, req, {
        taskId: task.id,
        letter,
        input,
        maxUploadBytes: deps.maxUploadBytes,
        t,
      });
      if (problems) {
        await showTask(req, res, deps, { rework: input, problems, status: 400 });
        return;
      }
    } catch (error) {
      if (error instanceof Invalid) {
        await showTask(req, res, deps, { rework: input, problems: error.problems, status: 400 });
        return;
      }
      if (error instanceof Conflict) {
        await showTask(req, res, deps, {
          rework: input,
          status: 409,
          notice: translateError(error, t),
        });
        return;
      }
      throw error;
    }
    res.redirect(303, `/documents/${letter.documentId}`);
  });

  router.post('/tasks/:id/comments', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task } = await taskAccess(ctx, req.params.id);
    const text = field(formFields(req), 'body');
    try {
      await commentOnTask(ctx, { taskId: task.id, body: text });
    } catch (error) {
      if (error instanceof Invalid) {
        await showTask(req, res, deps, { status: 400, comment: { text, problems: error.problems } });
        return;
      }
      throw error;
    }
    res.redirect(303, `/tasks/${task.id}#comments`);
  });

  router.post('/tasks/:id/claim', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task } = await taskAccess(ctx, req.params.id);
    await claimTask(ctx, { taskId: task.id });
    res.redirect(303, `/tasks/${task.id}`);
  });

  router.post('/tasks/:id/unclaim', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task } = await taskAccess(ctx, req.params.id);
    await unclaimTask(ctx, { taskId: task.id });
    res.redirect(303, '/');
  });

  // `POST /tasks/:id/delegate` (several executors, confirmed): delegatePage.ts.

  return router;
}
