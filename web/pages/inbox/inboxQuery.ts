/**
 * The inbox as the page lists it: the engine's inbox (engine/records/inbox.ts), one definition for
 * pages and API — "mine" what the person holds, "unassigned" what is offered to them, their roles or
 * their department and nobody holds yet — in rows for the view.
 */
import type { UseCaseContext } from '../../../engine/context.js';
import { listInbox } from '../../../engine/records/inbox.js';
import { INBOX_SCOPES, type InboxScope, type TaskRecord } from '../../../engine/store/workflowPorts.js';

export { INBOX_SCOPES, type InboxScope };

/** Rows a page shows per page of the inbox. */
export const INBOX_PAGE_SIZE = 50;

export interface InboxTask {
  id: string;
  name: string;
  dueAt: Date | null;
  overdue: boolean;
  assignee: string | null;
  /** The assignee's display name: the same person the task page names. */
  assigneeName: string | null;
  /** Offered to this person by name (else to a role or department of theirs). */
  offeredToMe: boolean;
  /** Set when the task is in the inbox only because the actor stands in for this person (their name). */
  forPrincipal?: string | null;
  document: { id: string; registrationNumber: string; subject: string } | null;
}

export interface Inbox {
  tasks: InboxTask[];
  counts: Record<InboxScope, number> & { overdue: number };
  total: number;
}

export async function loadInbox(
  ctx: UseCaseContext,
  options: { scope: InboxScope; overdueOnly: boolean; page: number },
): Promise<Inbox> {
  const inbox = await listInbox(ctx, { ...options, pageSize: INBOX_PAGE_SIZE });
  return {
    tasks: inbox.entries.map((entry) => inboxRow(entry, ctx.actor.username)),
    counts: inbox.counts,
    total: inbox.total,
  };
}

/** A listed task (inbox or control list) as a row of the view. */
export function inboxRow(
  entry: {
    task: TaskRecord;
    overdue: boolean;
    assigneeName: string | null;
    document: InboxTask['document'];
    principal?: { displayName: string } | null;
  },
  username: string,
): InboxTask {
  const { task } = entry;
  return {
    id: task.id,
    name: task.name,
    dueAt: task.dueAt,
    overdue: entry.overdue,
    assignee: task.assignee,
    assigneeName: entry.assigneeName,
    offeredToMe: task.candidateUsers.includes(username),
    forPrincipal: entry.principal?.displayName ?? null,
    document: entry.document,
  };
}
