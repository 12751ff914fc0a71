/** Port of comments written on a task or a document: shown on the task page and the document card. */

/**
 * What an entry of a document's thread is: a free comment, or the note that went with a step
 * (the head's resolution or order, an executor's comment, a return, a report, an acceptance, a
 * delegation, an outgoing draft revised after its return).
 */
export const COMMENT_KINDS = [
  'comment',
  'resolution',
  'order',
  'done',
  'returned',
  'report',
  'accepted',
  'delegated',
  'revised',
  // A guest from another institution (issue 18): a comment, or an endorsement agreed or not.
  'guest_comment',
  'guest_agreed',
  'guest_disagreed',
] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];

export interface TaskComment {
  id: string;
  taskId: string | null;
  documentId: string | null;
  authorId: string | null;
  /** Kept as written at the time. */
  authorName: string;
  onBehalfOfId: string | null;
  body: string;
  createdAt: Date;
  kind: CommentKind;
  /** Whom the step went to (a delegation's new assignee, a return's recipient), as named then. */
  addressedTo: string | null;
}

export interface NewTaskComment {
  taskId: string | null;
  documentId: string | null;
  authorId: string | null;
  authorName: string;
  onBehalfOfId?: string | null;
  body: string;
  createdAt: Date;
  /** `comment` unless said otherwise. */
  kind?: CommentKind;
  addressedTo?: string | null;
}

export interface TaskCommentRepository {
  insert(comment: NewTaskComment): Promise<TaskComment>;
  /** Oldest first. */
  listByTask(taskId: string): Promise<TaskComment[]>;
  /** Every comment of the document and of its tasks, oldest first. */
  listByDocument(documentId: string): Promise<TaskComment[]>;
}
