/**
 * The inbox: the open tasks a person works on, in two scopes. "Mine" is what is assigned to me or
 * offered to me by name or by one of my roles; "department" is what my department is offered and
 * nobody has taken (candidate group = department code, or `role:DEPT`). A read-only query.
 */
import type { UseCaseContext } from '../../../engine/context.js';
import { peopleNames } from '../../../engine/directory/peopleNames.js';
import { viewerOf } from '../../../engine/records/policy.js';
import type { TaskRecord } from '../../../engine/store/workflowPorts.js';
import { openTasksOfActor } from '../../../engine/workflow/runtime/listMyTasks.js';
import { principalOf } from '../../../engine/workflow/runtime/taskPolicy.js';

export const INBOX_SCOPES = ['all', 'mine', 'department'] as const;
export type InboxScope = (typeof INBOX_SCOPES)[number];

export interface InboxTask {
  id: string;
  name: string;
  dueAt: Date | null;
  overdue: boolean;
  assignee: string | null;
  /** The assignee's display name: the same person the task page names. */
  assigneeName: string | null;
  scope: Exclude<InboxScope, 'all'>;
  /** Set when the task is in the inbox only because the actor stands in for this person (their name). */
  forPrincipal?: string | null;
  document: { id: string; registrationNumber: string; subject: string } | null;
}

export interface Inbox {
  tasks: InboxTask[];
  counts: Record<InboxScope, number> & { overdue: number };
}

/** Overdue first, then by due date (none last), then oldest first. */
export function inboxOrder(a: InboxTask, b: InboxTask): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const dueA = a.dueAt?.getTime() ?? Infinity;
  const dueB = b.dueAt?.getTime() ?? Infinity;
  // Infinity − Infinity is NaN: two tasks without a due date are equal.
  return dueA === dueB ? 0 : dueA - dueB;
}

export async function departmentGroups(ctx: UseCaseContext): Promise<string[]> {
  if (!ctx.actor.departmentId) return [];
  const department = await ctx.store.departments.get(ctx.actor.departmentId);
  return department ? [department.code, ...ctx.actor.roles.map((role) => `${role}:${department.code}`)] : [];
}

function scopeOf(task: TaskRecord, username: string, departmentOnly: readonly string[]): InboxTask['scope'] {
  if (task.assignee === username || task.candidateUsers.includes(username)) return 'mine';
  const offeredToDepartment = task.candidateGroups.some((group) => departmentOnly.includes(group));
  return offeredToDepartment ? 'department' : 'mine';
}

/** The name of the person a deputy sees this task for; null for the actor's own tasks. */
export async function loadInbox(ctx: UseCaseContext, scope: InboxScope): Promise<Inbox> {
  const now = ctx.clock.now();
  const department = await departmentGroups(ctx);
  const open = await openTasksOfActor(ctx.store, ctx.actor);
  const viewer = viewerOf(ctx.actor);
  const people = await peopleNames(
    ctx,
    open.map((task) => task.assignee),
  );
  const all: InboxTask[] = [];
  for (const task of open) {
    const document =
      task.businessKey && (await ctx.store.documentAccess.canSee(task.businessKey, viewer))
        ? await ctx.store.documents.get(task.businessKey)
        : null;
    all.push({
      id: task.id,
      name: task.name,
      dueAt: task.dueAt,
      overdue: task.dueAt !== null && task.dueAt.getTime() < now.getTime(),
      assignee: task.assignee,
      assigneeName: task.assignee ? people.nameOf(task.assignee) : null,
      scope: scopeOf(task, ctx.actor.username, department),
      forPrincipal: (await principalOf(ctx, task))?.displayName ?? null,
      document: document
        ? { id: document.id, registrationNumber: document.registrationNumber, subject: document.subject }
        : null,
    });
  }
  all.sort(inboxOrder);
  return {
    tasks: scope === 'all' ? all : all.filter((task) => task.scope === scope),
    counts: {
      all: all.length,
      mine: all.filter((task) => task.scope === 'mine').length,
      department: all.filter((task) => task.scope === 'department').length,
      overdue: all.filter((task) => task.overdue).length,
    },
  };
}
