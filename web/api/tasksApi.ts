/** Tasks: the inbox, completing (by the task's form), claiming and releasing. */
import { z } from 'zod';
import type { UseCaseContext } from '../../engine/context.js';
import { giveOrder, writeResolution } from '../../engine/records/resolution.js';
import { completeLetterTask, isLetterFormKey } from '../../engine/records/letterTaskForms.js';
import { completeArchiveTask, isArchiveFormKey } from '../../engine/archive/appraisalActs.js';
import { ORDER_FIELDS, RESOLUTION_FIELDS, unknownFormFields } from '../../engine/records/taskFormData.js';
import { requireVisibleTask, requireMayComplete } from '../../engine/policies/task.js';
import type { JsonObject } from '../../engine/store/workflowPorts.js';
import { claimTask } from '../../engine/workflow/runtime/claimTask.js';
import { completeTaskNoted } from '../../engine/records/taskNotes.js';
import { taskAccess } from '../../engine/records/taskAccess.js';
import { unclaimTask } from '../../engine/workflow/runtime/unclaimTask.js';
import { listUnreachableTasks } from '../../engine/workflow/operations/listUnreachableTasks.js';
import { Conflict, Invalid } from '../../engine/errors.js';
import { validateTaskData } from '../pages/tasks/taskFormValidation.js';
import { apiLanguage, translator } from '../i18n/translate.js';
import { type ApiRoutes, parseOrRefuse } from './support/apiRoute.js';
import { ErrorBody, IdParams, ListedTaskBody, Paging, queryInteger, TaskBody } from './support/schemas.js';
import { INBOX_COUNT_CAP, MAX_INBOX_PAGE_SIZE } from '../../engine/records/inbox.js';
import { loadFormOfTask } from '../../engine/records/taskForm.js';
import { formChoices } from '../../engine/records/taskFormChoices.js';
import { openTasksOf } from './support/taskInbox.js';
import { presentAs } from './support/presentAs.js';
import { CompletedTaskBody, DelegationBody } from './support/responseSchemas.js';
import { delegateInDepartment } from '../../engine/records/delegateTask.js';

const CompleteBody = z.strictObject({
  data: z.record(z.string(), z.unknown()).default({}).describe("The form's data; becomes process variables."),
});

/** The head's forms carry rules of their own (deadline, executors): they go through their use cases. */
const ResolutionData = z.object({
  decision: z.string(),
  executors: z.array(z.string()).optional(),
  responsible: z.string().nullable().optional(),
  controller: z.string().nullable().optional(),
  deadline: z.string().nullable().optional(),
  text: z.string(),
  caseFileId: z.string().nullable().optional(),
});
const OrderData = z.object({
  departments: z.array(z.string()),
  controller: z.string(),
  deadline: z.string(),
  text: z.string(),
});

const DelegateBody = z.strictObject({
  executors: z
    .array(z.string())
    .describe(
      'Usernames of the executors, active colleagues of your department; the responsible one among them.',
    ),
  responsible: z.string().describe('The executor who holds the task and reports for the department.'),
  note: z.string().optional().describe('What the executors should know; shown in the task thread.'),
  confirm: z
    .boolean()
    .describe(
      'false: only check and say who would get what (as the page\'s "Review"); true: hand the task on.',
    ),
});

const taskAnswers = {
  403: {
    description: 'The task is not offered to the user, or assigned to someone else.',
    schema: ErrorBody,
  },
  404: { description: 'No such task, or one whose document the user may not see.', schema: ErrorBody },
  409: { description: 'The task was completed or taken meanwhile.', schema: ErrorBody },
};

async function completeByForm(
  ctx: UseCaseContext,
  req: Parameters<typeof parseOrRefuse>[0],
  taskId: string,
  data: Record<string, unknown>,
) {
  // A task the caller may not see answers 404 before its form's fields are looked at.
  const { task } = await taskAccess(ctx, taskId);
  // A field the task's form does not have is refused, before anything changes.
  const refuseUnknown = (fields: readonly string[]) => {
    const unknown = unknownFormFields(data, fields);
    if (unknown.length > 0) throw new Invalid(translator(apiLanguage(req))('api.invalidRequest'), unknown);
  };
  if (task.formKey === 'resolution') {
    refuseUnknown(RESOLUTION_FIELDS);
    return writeResolution(ctx, { taskId, ...parseOrRefuse(req, ResolutionData, data) });
  }
  if (task.formKey === 'order') {
    refuseUnknown(ORDER_FIELDS);
    return giveOrder(ctx, { taskId, ...parseOrRefuse(req, OrderData, data) });
  }
  // Checked against the form of the task's process version, as the task page checks it.
  const form = await loadFormOfTask(ctx, task);
  // A task without a form takes any process variables.
  if (!form) return completeTaskNoted(ctx, { taskId, output: data as JsonObject });
  // `text` components only show words: they are no fields to send.
  refuseUnknown(form.fields.filter((field) => field.type !== 'text').map((field) => field.key));
  const { output, problems } = validateTaskData(form, data, await formChoices(ctx, form));
  if (problems.length > 0) throw new Invalid(translator(apiLanguage(req))('api.invalidRequest'), problems);
  if (isLetterFormKey(task.formKey)) return completeLetterTask(ctx, taskId, task.formKey, output);
  if (isArchiveFormKey(task.formKey)) return completeArchiveTask(ctx, taskId, task.formKey, output);
  return completeTaskNoted(ctx, { taskId, output });
}

const UnreachableTaskBody = TaskBody.extend({
  reason: z.string().describe('Why the task reaches nobody (English).'),
}).describe('An open task that reaches nobody.');

export function taskRoutes(api: ApiRoutes): void {
  api.add(
    {
      method: 'get',
      path: '/api/tasks',
      summary: "The user's open tasks, most urgent first",
      tag: 'tasks',
      query: z.object({
        scope: z
          .enum(['mine', 'unassigned', 'department', 'all'])
          .default('all')
          .describe(
            '`mine`: assigned to me (or to whom I stand in for); `unassigned` (`department` is the same): ' +
              'offered to me, my roles or department, not yet taken. The pages list the same.',
          ),
        sort: z
          .enum(['due', 'priority'])
          .default('due')
          .describe(
            '`due`: overdue first, then tasks on urgent documents, then by due date; `priority`: tasks on urgent documents first.',
          ),
        page: Paging.page,
        pageSize: queryInteger()
          .pipe(z.number().min(1).max(MAX_INBOX_PAGE_SIZE))
          .default(MAX_INBOX_PAGE_SIZE)
          .describe(
            `Tasks per page, 1 to ${MAX_INBOX_PAGE_SIZE}; the header X-Total-Count counts them up to ` +
              `${INBOX_COUNT_CAP} (or as far as the page reaches), and X-Total-Is-Capped is \`true\` when it stopped there: there are more.`,
          ),
      }),
      responses: {
        200: { description: 'Open tasks, most urgent first.', schema: z.array(ListedTaskBody) },
        400: { description: 'An unknown scope or a bad page.', schema: ErrorBody },
      },
    },
    async ({ ctx, res, query }) => {
      const { tasks, total, totalIsCapped } = await openTasksOf(ctx, query.scope, query);
      res.set({ 'X-Total-Count': String(total), 'X-Total-Is-Capped': String(totalIsCapped) }).json(tasks);
    },
  );

  api.add(
    {
      method: 'get',
      path: '/api/tasks/unreachable',
      summary:
        'Open tasks that reach nobody’s inbox: assigned to a name that is no active user, offered only to candidates no active user answers to, or on a document none of those it reaches may see (administrators)',
      tag: 'tasks',
      responses: {
        200: {
          description:
            'The tasks, oldest first, each with why it reaches nobody. Reassign them to an active user.',
          schema: z.array(UnreachableTaskBody),
        },
        403: { description: 'Not an administrator.', schema: ErrorBody },
      },
    },
    async ({ ctx, res }) => {
      const unreachable = await listUnreachableTasks(ctx);
      res.json(unreachable.map(({ task, reason }) => presentAs(UnreachableTaskBody, { ...task, reason })));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/complete',
      summary: 'Complete a task with its form data (resolution and order forms are validated as such)',
      tag: 'tasks',
      params: IdParams,
      body: CompleteBody,
      responses: {
        200: { description: 'Completed.', schema: CompletedTaskBody },
        400: { description: 'Invalid form data, with problems.', schema: ErrorBody },
        ...taskAnswers,
      },
    },
    async ({ ctx, req, res, params, body }) => {
      const { task, groups } = await requireVisibleTask(ctx, params.id);
      // Permission before the form: who may not complete the task hears 409/403, not field errors.
      if (task.status !== 'open')
        throw new Conflict(`task ${task.id} is ${task.status}, not open`, 'refusal.taskNotOpen', {
          id: task.id,
          status: task.status,
        });
      requireMayComplete(task, ctx.actor, groups);
      res.json(await completeByForm(ctx, req, params.id, body.data));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/claim',
      summary: 'Take an unassigned task offered to the user',
      tag: 'tasks',
      params: IdParams,
      responses: {
        200: { description: 'The task, now assigned to the user.', schema: TaskBody },
        ...taskAnswers,
      },
    },
    async ({ ctx, res, params }) => {
      await requireVisibleTask(ctx, params.id);
      res.json(await claimTask(ctx, { taskId: params.id }));
    },
  );

  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/unclaim',
      summary:
        'Give a claimed or handed-on task back to its original offer (the assignee it was created with, or its candidates)',
      tag: 'tasks',
      params: IdParams,
      responses: {
        200: {
          description: 'The task, back with its original assignee or unassigned for its candidates.',
          schema: TaskBody,
        },
        ...taskAnswers,
      },
    },
    async ({ ctx, res, params }) => {
      await requireVisibleTask(ctx, params.id);
      res.json(await unclaimTask(ctx, { taskId: params.id }));
    },
  );
  api.add(
    {
      method: 'post',
      path: '/api/tasks/:id/delegate',
      summary:
        'A department head hands a task on to colleagues of the department: several executors, one responsible (each other executor gets a co-execution task); confirmed, or only reviewed',
      tag: 'tasks',
      params: IdParams,
      body: DelegateBody,
      responses: {
        200: {
          description:
            'Handed on (`confirm: true`), or what would happen (`confirm: false`, nothing changed).',
          schema: DelegationBody,
        },
        400: {
          description:
            'No executor, a responsible one who is not among them, someone who is no active colleague of your department, or several executors for a task that is not an order department task.',
          schema: ErrorBody,
        },
        403: { description: 'Not a department head.', schema: ErrorBody },
        404: taskAnswers[404],
        409: taskAnswers[409],
      },
    },
    async ({ ctx, res, params, body }) => {
      const { task } = await requireVisibleTask(ctx, params.id);
      const { delegation, ...preview } = await delegateInDepartment(ctx, task, { taskId: task.id, ...body });
      res.json({
        confirmed: delegation !== null,
        ...preview,
        task: delegation?.task ?? null,
        coExecutionInstanceId: delegation?.coExecutionInstanceId ?? null,
      });
    },
  );
}
