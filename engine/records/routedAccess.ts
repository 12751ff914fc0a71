/**
 * Routing opens a document to the people and departments its tasks go to: when a task of a
 * process whose business key is a document is created or handed to someone, they are granted
 * `routed` access (a restricted document stays closed to departments; see documentVisibility.ts).
 */
import { isUuid } from '../store/ids.js';
import type { Repositories } from '../store/ports.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import type { StepListener } from '../workflow/runtime/stepEvents.js';

type RoutedTask = Pick<TaskRecord, 'businessKey' | 'assignee' | 'candidateGroups' | 'candidateUsers'>;

/** `dept_head:BUV` and `BUV` both name the department `BUV`. */
const departmentCodeOf = (group: string): string => group.slice(group.indexOf(':') + 1);

export async function grantRoutedAccess(
  tx: Repositories,
  task: RoutedTask,
  grantedBy: string | null,
): Promise<void> {
  if (!task.businessKey || !isUuid(task.businessKey)) return;
  // One statement (a business key that is no document grants nothing): this runs for every new task.
  await tx.documentAccess.grantRouted(
    task.businessKey,
    {
      usernames: [...new Set([...(task.assignee ? [task.assignee] : []), ...task.candidateUsers])],
      departmentCodes: [...new Set(task.candidateGroups.map(departmentCodeOf))],
    },
    grantedBy,
  );
}

/**
 * The step listener: a created task grants routed access (by nobody: the process did); a task
 * claimed, released or handed on grants it on behalf of whoever made the change.
 */
export const grantRoutedAccessOnStep: StepListener = (ctx, tx, event) =>
  grantRoutedAccess(tx, event.task, event.type === 'task.created' ? null : ctx.actor.id);
