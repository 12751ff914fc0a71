/**
 * What a task page tells before its form (a read-only query, after the page has checked that the
 * actor may see the task): the resolution or order the task carries out, the return that sent the
 * work back (who, when, why — from the document's thread), and the values the form opens with — for
 * a resolution the resolver as controller, visibly, and after a return the previous resolution.
 */
import type { UseCaseContext } from '../context.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { loadTask } from '../workflow/runtime/loadTask.js';

export interface TaskBrief {
  /** The form's initial values. */
  values: JsonObject;
  /** The completion that created this task returned the work: by whom, when, why. */
  returned: { by: string; at: Date; comment: string } | null;
  /** The resolution or order this task executes. */
  instruction: { kind: 'resolution' | 'order'; text: string } | null;
}

const EXECUTING_FORMS = new Set(['execution', 'report', 'control', 'order-report']);

export async function taskBrief(ctx: UseCaseContext, taskId: string): Promise<TaskBrief> {
  const task = await loadTask(ctx.store, taskId);
  const instance = await ctx.store.processInstances.get(task.instanceId);
  const variables = instance?.variables ?? {};
  const tasks = await ctx.store.tasks.listByInstance(task.instanceId);
  // The step that created this task completed the task completed last before it.
  const cause = tasks
    .filter(
      (t) => t.id !== task.id && t.status === 'completed' && t.completedAt && t.completedAt <= task.createdAt,
    )
    .sort((a, b) => (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0))[0];
  const note = cause
    ? (await ctx.store.taskComments.listByTask(cause.id)).find((n) => n.kind === 'returned')
    : undefined;
  const returned = note ? { by: note.authorName, at: note.createdAt, comment: note.body } : null;

  let values: JsonObject = {};
  if (task.formKey === 'resolution') {
    values = { controller: ctx.actor.username };
    if (tasks.some((t) => t.id !== task.id && t.formKey === 'resolution' && t.status === 'completed')) {
      for (const name of ['decision', 'text', 'executors', 'responsible', 'controller', 'deadline']) {
        const value = variables[name];
        if (value !== undefined && value !== null && value !== '') values[name] = value;
      }
    }
  }
  // An order drafted by the head (engine/records/orders.ts) opens its issuing form with the draft.
  const draft = variables.draftOrder;
  if (task.formKey === 'order' && draft && typeof draft === 'object' && !Array.isArray(draft)) {
    for (const [name, value] of Object.entries(draft)) {
      if (value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
        values[name] = value;
    }
  }
  const text = typeof variables.text === 'string' ? variables.text : '';
  const instruction =
    task.formKey && EXECUTING_FORMS.has(task.formKey) && text
      ? { kind: Array.isArray(variables.departments) ? ('order' as const) : ('resolution' as const), text }
      : null;
  return { values, returned, instruction };
}
