/** Takes an unassigned task offered to the actor: it becomes the assignee. */
import type { UseCaseContext } from '../../context.js';
import { Conflict, Forbidden } from '../../errors.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { changeAssignee } from './changeAssignee.js';
import { actorGroups, isCandidate } from '../../policies/task.js';

export async function claimTask(ctx: UseCaseContext, props: { taskId: string }): Promise<TaskRecord> {
  return changeAssignee(ctx, {
    taskId: props.taskId,
    history: 'task.claimed',
    async check(tx, task) {
      if (task.assignee === ctx.actor.username)
        throw new Conflict(`task ${task.id} is already yours`, 'refusal.taskYours', { id: task.id });
      if (task.assignee !== null)
        throw new Conflict(
          `task ${task.id} is already claimed by ${task.assignee}`,
          'refusal.taskClaimedBy',
          { id: task.id, assignee: task.assignee },
        );
      if (!isCandidate(task, ctx.actor, await actorGroups(tx, ctx.actor))) {
        throw new Forbidden(`task ${task.id} is not offered to you`, 'refusal.taskNotOffered', {
          id: task.id,
        });
      }
    },
    to: () => ctx.actor.username,
  });
}
