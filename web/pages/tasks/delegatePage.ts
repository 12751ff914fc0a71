/**
 * `POST /tasks/:id/delegate`: a department head hands a task on to colleagues of the department —
 * several executors, one responsible, nothing preselected — and confirms before it is sent: the
 * first post ("Review") shows what will happen (or the form again with its problems), the second
 * (`confirm=1`) hands it on (engine/records/delegateTask.ts `delegateToSeveral`). Plain forms; no
 * JavaScript needed.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { Invalid, NotFound, type Problem } from '../../../engine/errors.js';
import {
  checkDelegation,
  delegateToSeveral,
  delegationColleagues,
} from '../../../engine/records/delegateTask.js';
import { MAX_COMMENT_LENGTH } from '../../../engine/records/taskComments.js';
import type { TaskRecord } from '../../../engine/store/workflowPorts.js';
import { localElementNames } from '../../../engine/workflow/deployment/localNames.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { field, fieldList, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { problemsByField } from '../problemMessages.js';
import { renderPage } from '../views.js';
import { taskAccess } from '../../../engine/records/taskAccess.js';

interface DelegationInput {
  executors: string[];
  responsible: string;
  note: string;
}

async function showDelegation(
  req: Request,
  res: Response,
  deps: PageDeps,
  task: TaskRecord,
  input: DelegationInput,
  extra: { problems?: Problem[]; confirming?: boolean; status?: number },
) {
  const ctx = pageContext(req, deps);
  const lang = requestLanguage(req);
  const t = translator(lang);
  const colleagues = await delegationColleagues(ctx, task);
  const [taskName = task.name] = await localElementNames(ctx, lang, [task]);
  const nameOf = (username: string) =>
    colleagues.find((u) => u.username === username)?.displayName ?? username;
  renderPage(
    req,
    res,
    'taskDelegate',
    {
      title: 'delegate.confirmTitle',
      task: { id: task.id, name: taskName },
      input,
      confirming: extra.confirming ?? false,
      problems: problemsByField(extra.problems ?? [], t),
      hasProblems: (extra.problems ?? []).length > 0,
      maxCommentLength: MAX_COMMENT_LENGTH,
      // The responsible one first, then the others as chosen.
      chosen: [input.responsible, ...input.executors.filter((e) => e !== input.responsible)].map(
        (username) => ({
          username,
          displayName: nameOf(username),
          responsible: username === input.responsible,
        }),
      ),
      colleagues: colleagues.map((u) => ({
        username: u.username,
        displayName: u.displayName,
        checked: input.executors.includes(u.username),
        selected: u.username === input.responsible,
      })),
    },
    { status: extra.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function delegatePage(deps: PageDeps): Router {
  const router = Router();

  router.post('/tasks/:id/delegate', async (req, res) => {
    const ctx = pageContext(req, deps);
    const { task } = await taskAccess(ctx, req.params.id);
    const fields = formFields(req);
    // `assignee`: one colleague, as the form before several executors sent it.
    const single = field(fields, 'assignee');
    const input: DelegationInput = {
      executors: single ? [single] : fieldList(fields, 'executors'),
      responsible: single || field(fields, 'responsible'),
      note: field(fields, 'note'),
    };
    // Department heads hand work on within their department only.
    const colleagues = new Set((await delegationColleagues(ctx, task)).map((u) => u.username));
    if (colleagues.size === 0 || input.executors.some((e) => !colleagues.has(e))) {
      throw new NotFound('No such colleague.');
    }
    try {
      if (field(fields, 'confirm') !== '1') {
        checkDelegation({ taskId: task.id, ...input });
        await showDelegation(req, res, deps, task, input, { confirming: true });
        return;
      }
      await delegateToSeveral(ctx, { taskId: task.id, ...input });
      res.redirect(303, '/');
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      await showDelegation(req, res, deps, task, input, { problems: error.problems, status: 400 });
    }
  });

  return router;
}
