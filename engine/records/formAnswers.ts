/**
 * The answers people gave in the task forms of a process (designer-made forms included), for the
 * document card: per completed task, each field of its form with the label the form gives it and
 * the value entered (taken from the task's `task.completed` audit event), labels and fixed choices in
 * `language` where the form names them in it. Fields the card already shows in its summary
 * (decision, executors, report, …) are left out.
 */
import type { UseCaseContext } from '../context.js';
import type { JsonValue } from '../store/ports.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { fieldLabel, loadFormOfTask, optionLabel } from './taskForm.js';
import { formChoices } from './taskFormChoices.js';

export interface FormAnswers {
  taskName: string;
  answers: { label: string; value: string; yes: boolean; no: boolean }[];
}

export async function formAnswers(
  ctx: UseCaseContext,
  tasks: readonly TaskRecord[],
  shownElsewhere: ReadonlySet<string>,
  language = '',
): Promise<FormAnswers[]> {
  const result: FormAnswers[] = [];
  for (const task of tasks) {
    if (task.status !== 'completed' || !task.formKey) continue;
    const form = await loadFormOfTask(ctx, task);
    const fields = form?.fields.filter((f) => f.type !== 'text' && !shownElsewhere.has(f.key)) ?? [];
    if (!form || fields.length === 0) continue;
    const events = await ctx.store.audit.list({ objectType: 'task', objectId: task.id, limit: 20 });
    const output = events.find((event) => event.action === 'task.completed')?.details.output;
    if (typeof output !== 'object' || output === null || Array.isArray(output)) continue;
    const choices = await formChoices(ctx, form);
    const labelOf = (key: string, value: JsonValue): string => {
      const text = typeof value === 'string' ? value : String(value);
      const choice = choices.get(key)?.find((one) => one.value === text);
      return choice ? optionLabel(choice, language) : text;
    };
    const answers = fields.flatMap((field) => {
      const value = output[field.key];
      if (value === undefined || value === null || value === '') return [];
      if (Array.isArray(value) && value.length === 0) return [];
      return [
        {
          label: fieldLabel(field, language),
          value: Array.isArray(value)
            ? value.map((v) => labelOf(field.key, v)).join(', ')
            : labelOf(field.key, value),
          yes: value === true,
          no: value === false,
        },
      ];
    });
    if (answers.length > 0) result.push({ taskName: task.name, answers });
  }
  return result;
}
