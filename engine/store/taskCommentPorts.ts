/** Port of comments written on a task or a document: shown on the task page and the document card. */

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
}

export interface NewTaskComment {
  taskId: string | null;
  documentId: string | null;
  authorId: string | null;
  authorName: string;
  onBehalfOfId?: string | null;
  body: string;
  createdAt: Date;
}

export interface TaskCommentRepository {
  insert(comment: NewTaskComment): Promise<TaskComment>;
  /** Oldest first. */
  listByTask(taskId: string): Promise<TaskComment[]>;
  /** Every comment of the document and of its tasks, oldest first. */
  listByDocument(documentId: string): Promise<TaskComment[]>;
}
