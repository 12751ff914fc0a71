/**
 * The task forms of the outgoing-letter and citizen-application processes that complete through a
 * use case of their own (a number at signing, a dispatch, a required answer), so that the task page
 * and the JSON API route them the same way. Other forms of these processes complete plainly.
 */
import type { UseCaseContext } from '../context.js';
import type { JsonValue } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import type { CompletedTask } from '../workflow/runtime/completeTask.js';
import { reportApplication } from './applicationAnswer.js';
import { reworkDraft } from './draftRevision.js';
import { approveLetter, dispatchLetter, signAndRegister } from './outgoingLetter.js';

export const LETTER_FORM_KEYS = [
  'outgoing-approval',
  'outgoing-rework',
  'outgoing-sign',
  'outgoing-dispatch',
  'application-report',
] as const;
export type LetterFormKey = (typeof LETTER_FORM_KEYS)[number];

export const isLetterFormKey = (formKey: string | null): formKey is LetterFormKey =>
  (LETTER_FORM_KEYS as readonly (string | null)[]).includes(formKey);

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');

export function completeLetterTask(
  ctx: UseCaseContext,
  taskId: string,
  formKey: LetterFormKey,
  output: JsonObject,
): Promise<CompletedTask> {
  const comment = text(output.comment) || null;
  switch (formKey) {
    case 'outgoing-approval':
      return approveLetter(ctx, { taskId, approval: text(output.approval), comment });
    case 'outgoing-rework':
      // The task form carries the comment only; the draft's edits come from the rework page or
      // `POST /api/outgoing-letters/rework/{taskId}` (reworkDraft).
      return reworkDraft(ctx, { taskId, comment });
    case 'outgoing-sign':
      return signAndRegister(ctx, { taskId, signature: text(output.signature), comment });
    case 'outgoing-dispatch':
      return dispatchLetter(ctx, { taskId, channel: text(output.channel), comment });
    case 'application-report':
      return reportApplication(ctx, {
        taskId,
        report: text(output.report),
        answerNumber: text(output.answerNumber),
      });
  }
}
