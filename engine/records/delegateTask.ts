/**
 * A task handed on to someone else (a department head's delegation): the reassignment and, in the
 * same transaction, a `delegated` note in the document's thread saying to whom, with the
 * delegator's words if any.
 */
import type { UseCaseContext } from '../context.js';
import { Invalid } from '../errors.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { changeAssignee } from '../workflow/runtime/changeAssignee.js';
import { requireMayReassign } from '../workflow/runtime/taskPolicy.js';
import { MAX_COMMENT_LENGTH } from './taskComments.js';
import { recordTaskNote } from './taskNotes.js';

export interface DelegateTaskProps {
  taskId: string;
  /** Username of the new assignee; an active user. */
  assignee: string;
  /** What the new assignee should know; may be empty. */
  note?: string | null;
}

export async function delegateTask(ctx: UseCaseContext, props: DelegateTaskProps): Promise<TaskRecord> {
  requireMayReassign(ctx.actor);
  const note = (props.note ?? '').replace(/\r\n/g, '\n').trim();
  if (note.length > MAX_COMMENT_LENGTH) {
    throw new Invalid(`The comment is longer than ${MAX_COMMENT_LENGTH} characters.`, [
      { field: 'note', message: `may be at most ${MAX_COMMENT_LENGTH} characters long` },
    ]);
  }
  return changeAssignee(ctx, {
    taskId: props.taskId,
    history: 'task.reassigned',
    actingRoles: ['head', 'dept_head'],
    async check(tx, task) {
      const user = await tx.users.getByUsername(props.assignee);
      if (!user || !user.active) {
        const message = `no such user: ${props.assignee}`;
        throw new Invalid(message, [{ field: 'assignee', message }]);
      }
      // Written in the change's transaction: a refused change leaves no note.
      await recordTaskNote(ctx.actor, ctx.clock.now(), tx, task, {
        kind: 'delegated',
        body: note,
        addressedTo: user.displayName,
      });
    },
    to: () => props.assignee,
  });
}
