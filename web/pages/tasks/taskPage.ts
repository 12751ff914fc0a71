/**
 * The task page: `GET /tasks/:id` shows the task's form (rendered from its form-js JSON),
 * `POST /tasks/:id` checks it again and completes the task; claim, unclaim and — for department
 * heads — delegation to someone of the department.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { hasRole } from '../../../engine/authorization.js';
import { Conflict, Invalid, NotFound, type Problem } from '../../../engine/errors.js';
import type { JsonObject } from '../../../engine/store/workflowPorts.js';
import { claimTask } from '../../../engine/workflow/runtime/claimTask.js';
import { reassignTask } from '../../../engine/workflow/runtime/reassignTask.js';
import { unclaimTask } from '../../../engine/workflow/runtime/unclaimTask.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';
import { formChoices } from './formChoices.js';
import { loadTaskForm } from './formSchema.js';
import { presentFormFields } from './presentFormFields.js';
import { submitTaskForm } from './submitTaskForm.js';
import { taskAccess } from './taskAccess.js';
import { validateTaskForm } from './taskFormValidation.js';

async function showTask(
  req: Request,
  res: Response,
  deps: PageDeps,
  extra: { values?: JsonObject; problems?: Problem[]; status?: number; notice?: string } = {},
) {
  const ctx = pageContext(req, deps);
  const taskId = req.params.id;
  const access = await taskAccess(ctx, typeof taskId === 'string' ? taskId : '');
  const { task } = access;
  const form = await loadTaskForm(task.formKey);
  const choices = form ? await formChoices(ctx.store, form) : new Map();
  const lang = requestLanguage(req);
  const t = translator(lang);
  const document = task.businessKey && (await ctx.store.documents.get(task.businessKey).catch(() => null));
  const mayDelegate =
    task.status === 'open' && hasRole(ctx.actor, 'dept_head') && ctx.actor.departmentId !== null;
  const colleagues = mayDelegate
    ? (await ctx.store.users.list()).filter(
        (u) => u.active && u.departmentId === ctx.actor.departmentId && u.username !== task.assignee,
      )
    : [];
  renderPage(
    req,
    res,
    'task',
    {
      title: 'task.title',
      document: document || null,
      overdue: task.status === 'open' && task.dueAt !== null && task.dueAt.getTime() < Date.now(),
      ...access,
      fields: form
        ? presentFormFields(form, choices, extra.values ?? {}, problemsByField(extra.problems ?? [], t), lang)
        : [],
      formProblems: (extra.problems ?? []).filter(
        (p) => !p.field || !form?.fields.some((f) => f.key === p.field),
      ),
      hasProblems: (extra.problems ?? []).length > 0,
      notice: extra.notice ?? null,
      colleagues: colleagues.map((u) => ({ username: u.username, displayName: u.displayName })),
      mayDelegate: mayDelegate && colleagues.length > 0,
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function taskPage(deps: PageDeps): Router {
  const router = Router();

  router.get('/tasks/:id', (req, res) => showTask(req, res, deps));

  router.post('/tasks/:id', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task, mayComplete } = await taskAccess(ctx, req.params.id);
    const t = translator(requestLanguage(req));
    const form = await loadTaskForm(task.formKey);
    const fields = formFields(req);
    const { output, problems } = form
      ? validateTaskForm(form, fields, await formChoices(ctx.store, form))
      : { output: {}, problems: [] };
    if (task.status !== 'open') {
      await showTask(req, res, deps, {
        status: 409,
        notice: t('task.alreadyCompleted', { name: task.completedBy ?? '—' }),
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
        const now = await ctx.store.tasks.get(task.id);
        await showTask(req, res, deps, {
          status: 409,
          notice: t('task.alreadyCompleted', { name: now?.completedBy ?? '—' }),
        });
        return;
      }
      throw error;
    }
    res.redirect(303, task.businessKey ? `/documents/${task.businessKey}` : '/');
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

  router.post('/tasks/:id/delegate', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task } = await taskAccess(ctx, req.params.id);
    const assignee = field(formFields(req), 'assignee');
    const target = await ctx.store.users.getByUsername(assignee);
    // Department heads hand work on within their department only.
    if (
      !hasRole(ctx.actor, 'dept_head') ||
      !target?.active ||
      target.departmentId !== ctx.actor.departmentId
    ) {
      throw new NotFound('No such colleague.');
    }
    await reassignTask(ctx, { taskId: task.id, assignee });
    res.redirect(303, '/');
  });

  return router;
}
