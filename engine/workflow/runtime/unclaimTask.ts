/** Gives a claimed task back to its candidates; its assignee, or a head or administrator, may. */
import { hasRole } from '../../authorization.js';
import type { UseCaseContext } from '../../context.js';
import { Conflict, Forbidden } from '../../errors.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { changeAssignee } from './changeAssignee.js';

export async function unclaimTask(ctx: UseCaseContext, props: { taskId: string }): Promise<TaskRecord> {
  return changeAssignee(ctx, {
    taskId: props.taskId,
    history: 'task.unclaimed',
    async check(_tx, task) {
      if (task.assignee === null) throw new Conflict(`task ${task.id} is not claimed`);
      if (task.assignee !== ctx.actor.username && !hasRole(ctx.actor, 'head', 'dept_head', 'admin')) {
        throw new Forbidden(
          `task ${task.id} is claimed by ${task.assignee}; only they or a head may release it`,
        );
      }
    },
    to: () => null,
  });
}
