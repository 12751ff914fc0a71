/**
 * `/admin/unreachable-tasks`: open tasks that reach nobody's inbox (assigned to a name that is no
 * active user, offered only to candidates no active user answers to, or on a document none of those
 * it reaches may see), each with a form that hands it to an active user through `reassignTask`.
 */
import type { Request, Response } from 'express';
import { Router } from 'express';
import { peopleChoices } from '../../../engine/directory/peopleChoices.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import type { Problem } from '../../../engine/errors.js';
import { listUnreachableTasks } from '../../../engine/workflow/operations/listUnreachableTasks.js';
import { reassignTask } from '../../../engine/workflow/runtime/reassignTask.js';
import { field, formFields } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { adminProblems, submitForm } from './adminForms.js';

async function showUnreachable(
  req: Request,
  res: Response,
  deps: PageDeps,
  /** `taskId`: the task whose reassignment was refused; its row's field shows the problems. */
  shown: { problems?: Problem[]; status?: number; taskId?: string } = {},
) {
  const ctx = pageContext(req, deps);
  // A task goes to someone who can act on it: no administrator or auditor, by name and department.
  const [unreachable, people] = await Promise.all([
    listUnreachableTasks(ctx),
    peopleChoices(ctx, { caseWork: true }),
  ]);
  const problems = adminProblems(req, shown.problems ?? []);
  const rowShown = unreachable.some(({ task }) => task.id === shown.taskId);
  renderPage(
    req,
    res,
    'adminUnreachableTasks',
    {
      title: 'admin.unreachable',
      tasks: unreachable.map(({ task }) => ({
        ...task,
        candidates: [...task.candidateUsers, ...task.candidateGroups].join(', '),
        problems: task.id === shown.taskId ? problems : {},
        // The row's field, which its problems describe.
        assigneeFieldId: `assignee-${task.id}`,
      })),
      people: people.map((group) => ({
        label: group.department ?? translator(requestLanguage(req))('admin.noDepartmentGroup'),
        people: group.people,
      })),
      // Problems of a task no longer listed (reassigned meanwhile) are shown above the list.
      problems: rowShown ? { _form: problems._form ?? [] } : problems,
      hasProblems: (shown.problems ?? []).length > 0,
    },
    { status: shown.status ?? 200, timeZone: deps.settings.timeZone },
  );
}

export function unreachableTasksPage(deps: PageDeps): Router {
  const router = Router();
  router.get('/admin/unreachable-tasks', (req, res) => showUnreachable(req, res, deps));
  router.post('/admin/unreachable-tasks/:id/reassign', async (req, res) => {
    const fields = formFields(req);
    await submitForm(
      async () => {
        await reassignTask(pageContext(req, deps), {
          taskId: String(req.params.id),
          assignee: field(fields, 'assignee'),
        });
        res.redirect(303, '/admin/unreachable-tasks');
      },
      (problems) => showUnreachable(req, res, deps, { problems, status: 400, taskId: String(req.params.id) }),
    );
  });
  return router;
}
