/** Hands a task to another user (heads, department heads, administrators). */
import type { UseCaseContext } from '../../context.js';
import { Invalid } from '../../errors.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { changeAssignee } from './changeAssignee.js';
import { requireMayReassign } from '../../policies/task.js';

export interface ReassignTaskProps {
  taskId: string;
  /** Username of the new assignee; an active user. */
  assignee: string;
}

export async function reassignTask(ctx: UseCaseContext, props: ReassignTaskProps): Promise<TaskRecord> {
  requireMayReassign(ctx.actor);
  return changeAssignee(ctx, {
    taskId: props.taskId,
    history: 'task.reassigned',
    actingRoles: ['head', 'dept_head'],
    async check(tx) {
      const user = await tx.users.getByUsername(props.assignee);
      if (!user || !user.active) {
        throw new Invalid(`no active user "${props.assignee}"`, [
          { field: 'assignee', message: 'unknown user' },
        ]);
      }
    },
    to: () => props.assignee,
  });
}
