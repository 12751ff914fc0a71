/**
 * A citizen application is answered in writing: the responsible executor's report (form
 * `application-report`) must name the registered outgoing letter that replies to the application,
 * so that the process cannot reach "closed" without an answer — and that letter must have been
 * dispatched (or handed over, which records its channel too): a signed answer still lying in the
 * registry does not close the application (409).
 */
import type { UseCaseContext } from '../context.js';
import { Conflict, Invalid } from '../errors.js';
import type { DocumentRecord, Repositories } from '../store/ports.js';
import type { CompletedTask } from '../workflow/runtime/completeTask.js';
import { auditActor } from '../context.js';
import { completeTaskWith, taskOfForm } from './completeTaskWith.js';
import { viewerOf } from '../policies/document.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';

export interface ReportApplicationProps {
  taskId: string;
  report: string;
  /** The answer's registration number (or its document id). */
  answerNumber: string;
}

const REFUSED = 'The application cannot be reported as answered.';

/** The registered outgoing letter `reference` that replies to `applicationId`, as the actor sees it. */
async function findAnswer(
  ctx: UseCaseContext,
  tx: Repositories,
  applicationId: string,
  reference: string,
): Promise<DocumentRecord | null> {
  const viewer = viewerOf(ctx.actor);
  const candidates = isUuid(reference)
    ? [await tx.documents.get(reference)].filter((d): d is DocumentRecord => d !== null)
    : (await tx.documents.search({ text: reference, registerKind: 'outgoing', limit: 50 }, viewer)).items;
  for (const candidate of candidates) {
    const matches = isUuid(reference) || candidate.registrationNumber === reference;
    if (!matches || candidate.replyToId !== applicationId || candidate.sequence === 0) continue;
    const register = await tx.registers.get(candidate.registerId);
    if (register?.kind === 'outgoing' && (await tx.documentAccess.canSee(candidate.id, viewer)))
      return candidate;
  }
  return null;
}

export async function reportApplication(
  ctx: UseCaseContext,
  props: ReportApplicationProps,
): Promise<CompletedTask> {
  const task = await taskOfForm(ctx, props.taskId, 'application-report');
  const problems = new Problems();
  const report = problems.text('report', props.report, 4000);
  const answerNumber = problems.text('answerNumber', props.answerNumber, 100);
  problems.check(REFUSED, 'refusal.answered');
  return completeTaskWith(ctx, task, { report, answerNumber }, async (tx) => {
    const applicationId = task.businessKey ?? '';
    const answer = await findAnswer(ctx, tx, applicationId, answerNumber);
    if (!answer) {
      throw new Invalid(
        REFUSED,
        [
          {
            field: 'answerNumber',
            message: `no registered outgoing letter ${answerNumber} answers this application`,
            code: 'problem.noAnswerLetter',
            params: { number: answerNumber },
          },
        ],
        'refusal.answered',
      );
    }
    if (!(await tx.documents.letterDetails(answer.id))?.dispatchedAt) {
      throw new Conflict(
        `The answer ${answer.registrationNumber} is not dispatched yet: dispatch it, or record it as handed over, before the application can be closed.`,
        'problem.answerNotDispatched',
        { number: answer.registrationNumber },
      );
    }
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'document.answer_linked',
      objectType: 'document',
      objectId: applicationId,
      details: { answerId: answer.id, answerNumber: answer.registrationNumber },
    });
    return { answerDocumentId: answer.id, answerNumber: answer.registrationNumber };
  });
}
