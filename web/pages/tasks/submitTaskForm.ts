/** Completes a task with its checked form output, through the use case its form belongs to. */
import type { UseCaseContext } from '../../../engine/context.js';
import { completeLetterTask, isLetterFormKey } from '../../../engine/records/letterTaskForms.js';
import { completeArchiveTask, isArchiveFormKey } from '../../../engine/archive/appraisalActs.js';
import { giveOrder, writeResolution } from '../../../engine/records/resolution.js';
import type { JsonValue } from '../../../engine/store/ports.js';
import type { JsonObject } from '../../../engine/store/workflowPorts.js';
import { completeTaskNoted } from '../../../engine/records/taskNotes.js';

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
const list = (value: JsonValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

export async function submitTaskForm(
  ctx: UseCaseContext,
  taskId: string,
  formKey: string | null,
  output: JsonObject,
): Promise<void> {
  if (formKey === 'resolution') {
    await writeResolution(ctx, {
      taskId,
      decision: text(output.decision),
      executors: list(output.executors),
      responsible: text(output.responsible) || null,
      controller: text(output.controller) || null,
      deadline: text(output.deadline) || null,
      text: text(output.text),
      caseFileId: text(output.caseFileId) || null,
    });
  } else if (formKey === 'order') {
    await giveOrder(ctx, {
      taskId,
      departments: list(output.departments),
      controller: text(output.controller),
      deadline: text(output.deadline),
      text: text(output.text),
    });
  } else if (isLetterFormKey(formKey)) {
    await completeLetterTask(ctx, taskId, formKey, output);
  } else if (isArchiveFormKey(formKey)) {
    await completeArchiveTask(ctx, taskId, formKey, output);
  } else {
    await completeTaskNoted(ctx, { taskId, output });
  }
}
