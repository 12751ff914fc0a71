/**
 * Comments on a task: anyone who may see the task may write one; it shows on the task page and in
 * its document's timeline. Audited; a comment is never edited or deleted.
 */
import { requireRecordsWriter } from '../policies/records.js';
import { requireOpenDocument, viewerOf } from '../policies/document.js';
import { auditActor, type UseCaseContext } from '../context.js';
import { Invalid, NotFound } from '../errors.js';
import { isUuid } from '../store/ids.js';
import type { TaskComment } from '../store/taskCommentPorts.js';
import { requireVisibleTask } from '../policies/task.js';

export const MAX_COMMENT_LENGTH = 4000;

/** Refuses a comment (or a delegation's note, `field`) longer than MAX_COMMENT_LENGTH. */
export function requireCommentLength(text: string, field: string): void {
  if (text.length > MAX_COMMENT_LENGTH) {
    throw new Invalid(
      `The comment is longer than ${MAX_COMMENT_LENGTH} characters.`,
      [
        {
          field,
          message: `may be at most ${MAX_COMMENT_LENGTH} characters long`,
          code: 'problem.tooLong',
          params: { max: MAX_COMMENT_LENGTH },
        },
      ],
      'refusal.commentTooLong',
      { max: MAX_COMMENT_LENGTH },
    );
  }
}

function cleanBody(body: string): string {
  const text = body.replace(/\r\n/g, '\n').trim();
  if (text === '')
    throw new Invalid(
      'The comment is empty.',
      [{ field: 'body', message: 'is required', code: 'problem.required' }],
      'refusal.commentEmpty',
    );
  requireCommentLength(text, 'body');
  return text;
}

export interface CommentOnTaskProps {
  taskId: string;
  body: string;
}

export async function commentOnTask(ctx: UseCaseContext, props: CommentOnTaskProps): Promise<TaskComment> {
  return ctx.store.transaction(async (tx) => {
    const { task } = await requireVisibleTask(ctx, props.taskId, tx);
    // Seeing a task is not working on it: an auditor reads the comments and writes none.
    requireRecordsWriter(ctx.actor, 'comment on tasks');
    const body = cleanBody(props.body);
    const documentId = task.businessKey && isUuid(task.businessKey) ? task.businessKey : null;
    const now = ctx.clock.now();
    const document = documentId ? await tx.documents.get(documentId) : null;
    if (document) requireOpenDocument(document);
    const comment = await tx.taskComments.insert({
      taskId: task.id,
      documentId: document ? document.id : null,
      authorId: ctx.actor.id,
      authorName: ctx.actor.displayName,
      onBehalfOfId: ctx.actor.onBehalfOfId ?? null,
      body,
      createdAt: now,
    });
    // On the document when there is one, so that its card's timeline shows the comment.
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: comment.documentId ? 'document.commented' : 'task.commented',
      objectType: comment.documentId ? 'document' : 'task',
      objectId: comment.documentId ?? task.id,
      details: {
        commentId: comment.id,
        taskId: task.id,
        taskName: task.name,
        processInstanceId: task.instanceId,
        comment: body,
      },
    });
    return comment;
  });
}

/** The comments of a task the actor may see, oldest first. */
export async function listTaskComments(ctx: UseCaseContext, taskId: string): Promise<TaskComment[]> {
  const { task } = await requireVisibleTask(ctx, taskId);
  return ctx.store.taskComments.listByTask(task.id);
}

/** The comments of a document (and its tasks) the actor may see, oldest first. */
export async function listDocumentComments(ctx: UseCaseContext, documentId: string): Promise<TaskComment[]> {
  if (!isUuid(documentId) || !(await ctx.store.documentAccess.canSee(documentId, viewerOf(ctx.actor)))) {
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  }
  return ctx.store.taskComments.listByDocument(documentId);
}
