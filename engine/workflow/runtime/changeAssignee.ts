/**
 * Shared by claim, unclaim and reassign: a conditional update of the task row (the engine state
 * does not change), told to the step's listeners (stepEvents.ts), its history event and its audit
 * event, in one transaction.
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { Conflict } from '../../errors.js';
import type { Repositories, Role } from '../../store/ports.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { businessKeyRules } from './businessKeyRules.js';
import { loadTask } from './loadTask.js';
import { toHistoryEvent } from './persistStep.js';
import { emitStepEvent } from './stepEvents.js';
import { actingOnTask, onBehalfOfDetails } from './actingOnTask.js';

export interface AssigneeChange {
  taskId: string;
  /** Checks the task as read in the transaction; throws Forbidden/Invalid/Conflict. */
  check(tx: Repositories, task: TaskRecord): Promise<void>;
  to(task: TaskRecord): string | null;
  history: 'task.claimed' | 'task.unclaimed' | 'task.reassigned';
  /** Roles whose holder may make the change: a deputy without them acts for a principal with them. */
  actingRoles?: Role[];
}

export function changeAssignee(caller: UseCaseContext, change: AssigneeChange): Promise<TaskRecord> {
  return caller.store.transaction(async (tx) => {
    const task = await loadTask(tx, change.taskId);
    // A task on a document the actor may not see is not there for them (and a change would grant
    // them routed access to it).
    await businessKeyRules().requireTaskVisible(caller.actor, tx, task);
    if (task.status !== 'open')
      throw new Conflict(`task ${task.id} is ${task.status}, not open`, 'refusal.taskNotOpen', {
        id: task.id,
        status: task.status,
      });
    await change.check(tx, task);
    // A deputy changing the principal's task: recorded on behalf of the principal.
    const ctx = await actingOnTask(caller, tx, task, change.actingRoles);
    const now = ctx.clock.now();
    const assignee = change.to(task);
    // The invariant: an open task always has an assignee or candidates (else it reaches no inbox).
    if (assignee === null && task.candidateUsers.length === 0 && task.candidateGroups.length === 0) {
      throw new Conflict(
        `task ${task.id} has no candidates: it cannot be left without an assignee`,
        'refusal.taskNoCandidates',
        { id: task.id },
      );
    }
    const updated = await tx.tasks.setAssignee(task.id, task.assignee, assignee, now);
    await emitStepEvent(ctx, tx, { type: 'task.assigned', task: updated, change: change.history });
    const details = { taskId: task.id, from: task.assignee, to: assignee, ...onBehalfOfDetails(ctx.actor) };
    await tx.processHistory.append([
      toHistoryEvent(ctx, task.instanceId, now, { type: change.history, elementId: task.elementId, details }),
    ]);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: change.history,
      objectType: 'task',
      objectId: task.id,
      details: { ...details, processInstanceId: task.instanceId },
    });
    return updated;
  });
}
