/**
 * The inbox as the page lists it: the engine's inbox (engine/records/inbox.ts), one definition for
 * pages and API — "mine" what the person holds, "unassigned" what is offered to them, their roles or
 * their department and nobody holds yet — in rows for the view.
 */
import type { UseCaseContext } from '../../../engine/context.js';
import { listInbox } from '../../../engine/records/inbox.js';
import { localElementNames } from '../../../engine/workflow/deployment/localNames.js';
import { INBOX_SCOPES, type InboxScope, type TaskRecord } from '../../../engine/store/workflowPorts.js';

export { INBOX_SCOPES, type InboxScope };

/** Rows a page shows per page of the inbox. */
export const INBOX_PAGE_SIZE = 50;

export interface InboxTask {
  id: string;
  name: string;
  dueAt: Date | null;
  overdue: boolean;
  /** On an urgent document. */
  urgent: boolean;
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
  /** Which counts stopped at the cap ("500+"). */
  countsCapped: Record<InboxScope, boolean> & { overdue: boolean };
  total: number;
  totalIsCapped: boolean;
}

export async function loadInbox(
  ctx: UseCaseContext,
  options: {
    scope: InboxScope;
    overdueOnly: boolean;
    sort?: 'due' | 'priority';
    page: number;
    language?: string;
  },
): Promise<Inbox> {
  const { language, ...query } = options;
  const inbox = await listInbox(ctx, { ...query, pageSize: INBOX_PAGE_SIZE });
  const rows = inbox.entries.map((entry) => inboxRow(entry, ctx.actor.username));
  return {
    tasks: language ? await inLanguage(ctx, language, inbox.entries, rows) : rows,
    counts: inbox.counts,
    countsCapped: inbox.countsCapped,
    total: inbox.total,
    totalIsCapped: inbox.totalIsCapped,
  };
}

/** A listed task (inbox or control list) as a row of the view. */
export function inboxRow(
  entry: {
    task: TaskRecord;
    overdue: boolean;
    urgent?: boolean;
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
    urgent: entry.urgent ?? false,
    assignee: task.assignee,
    assigneeName: entry.assigneeName,
    offeredToMe: task.candidateUsers.includes(username),
    forPrincipal: entry.principal?.displayName ?? null,
    document: entry.document,
  };
}

/**
 * Rows with their tasks' names in the page's language: the name the diagram gives the task's step in
 * that language (`name:<language>`), else the name the task was created with.
 */
export async function inLanguage(
  ctx: UseCaseContext,
  language: string,
  entries: readonly { task: TaskRecord }[],
  rows: InboxTask[],
): Promise<InboxTask[]> {
  const names = await localElementNames(
    ctx,
    language,
    entries.map((entry) => entry.task),
  );
  return rows.map((row, index) => ({ ...row, name: names[index] ?? row.name }));
}
