/**
 * A task handed on to someone else (a department head's delegation): the reassignment and, in the
 * same transaction, a `delegated` note in the document's thread saying to whom, with the
 * delegator's words if any.
 */
import type { UseCaseContext } from '../context.js';
import { Conflict, Forbidden, Invalid } from '../errors.js';
import type { JsonObject, TaskRecord } from '../store/workflowPorts.js';
import { changeAssignee } from '../workflow/runtime/changeAssignee.js';
import { findLatestDefinition } from '../workflow/runtime/definitions.js';
import { startProcessIn } from '../workflow/runtime/startProcess.js';
import { mayDelegateInDepartment, requireMayReassign } from '../policies/task.js';
import { MAX_COMMENT_LENGTH, requireCommentLength } from './taskComments.js';
import { recordTaskNote } from './taskNotes.js';
import { problem, Problems } from '../kernel/problems.js';

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
  requireCommentLength(note, 'note');
  return changeAssignee(ctx, {
    taskId: props.taskId,
    history: 'task.reassigned',
    actingRoles: ['head', 'dept_head'],
    async check(tx, task) {
      const user = await tx.users.getByUsername(props.assignee);
      if (!user || !user.active) {
        const message = `no such user: ${props.assignee}`;
        const params = { username: props.assignee };
        throw new Invalid(
          message,
          [problem('assignee', message, 'problem.noUser', params)],
          'problem.noUser',
          params,
        );
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

/** The process that gives each co-executor of an order's department task a task of their own. */
export const CO_EXECUTION_PROCESS = 'order-co-execution';
/** The order's department step (processes/order.bpmn), the one task handed to several executors. */
const ORDER_DEPARTMENT_FORM = 'order-report';

export interface DelegateToSeveralProps {
  taskId: string;
  /** Usernames of the executors, the responsible one among them; active users. */
  executors: string[];
  /** The executor who holds the department's task and reports for the department. */
  responsible: string;
  note?: string | null;
}

export interface Delegation {
  task: TaskRecord;
  responsible: string;
  /** The other executors, each given a co-execution task. */
  coExecutors: string[];
  coExecutionInstanceId: string | null;
}

/** The shape of a delegation to several: refused whole, naming each field; nothing is changed. */
export function checkDelegation(props: DelegateToSeveralProps): {
  executors: string[];
  responsible: string;
  note: string;
} {
  const problems = new Problems();
  const executors = [...new Set((props.executors ?? []).map((e) => e.trim()).filter(Boolean))];
  if (executors.length === 0)
    problems.add('executors', 'name at least one executor', 'problem.executorNeeded');
  const responsible = props.responsible?.trim() ?? '';
  if (!responsible) problems.add('responsible', 'is required', 'problem.required');
  else if (!executors.includes(responsible))
    problems.add('responsible', 'must be one of the executors', 'problem.responsibleAmongExecutors');
  const note = (props.note ?? '').replace(/\r\n/g, '\n').trim();
  if (note.length > MAX_COMMENT_LENGTH) {
    problems.add('note', `may be at most ${MAX_COMMENT_LENGTH} characters long`, 'problem.tooLong', {
      max: MAX_COMMENT_LENGTH,
    });
  }
  problems.check('The task cannot be handed on.', 'refusal.handOn');
  return { executors, responsible, note };
}

/**
 * A department head hands an order's department task to several executors, one responsible: the
 * task goes to the responsible executor (who reports for the department), and every other executor
 * gets a co-execution task (process `order-co-execution`) — all in one transaction with the
 * `delegated` note naming them, so a refusal changes nothing.
 */
export async function delegateToSeveral(
  ctx: UseCaseContext,
  props: DelegateToSeveralProps,
): Promise<Delegation> {
  requireMayReassign(ctx.actor);
  const { executors, responsible, note } = checkDelegation(props);
  const coExecutors = executors.filter((e) => e !== responsible);
  let coExecutionInstanceId: string | null = null;
  const task = await changeAssignee(ctx, {
    taskId: props.taskId,
    history: 'task.reassigned',
    actingRoles: ['head', 'dept_head'],
    async check(tx, task) {
      const problems = new Problems();
      const names = new Map<string, string>();
      for (const username of executors) {
        const user = await tx.users.getByUsername(username);
        if (!user || !user.active)
          problems.add('executors', `no such user: ${username}`, 'problem.noUser', { username });
        else names.set(username, user.displayName);
      }
      if (coExecutors.length > 0 && task.formKey !== ORDER_DEPARTMENT_FORM) {
        problems.add(
          'executors',
          "only an order's department task is handed to several executors",
          'problem.severalOnlyOrders',
        );
      }
      problems.check('The task cannot be handed on.', 'refusal.handOn');
      const nameOf = (username: string) => names.get(username) ?? username;
      await recordTaskNote(ctx.actor, ctx.clock.now(), tx, task, {
        kind: 'delegated',
        body: note,
        addressedTo: [nameOf(responsible), ...coExecutors.map(nameOf)].join(', '),
      });
      if (coExecutors.length === 0) return;
      const definition = await findLatestDefinition(tx, CO_EXECUTION_PROCESS);
      if (!definition) {
        throw new Invalid(
          `The process "${CO_EXECUTION_PROCESS}" is not deployed; ask a process designer.`,
          [
            {
              field: 'executors',
              message: `the process ${CO_EXECUTION_PROCESS} is not deployed`,
              code: 'problem.processNotDeployed',
              params: { key: CO_EXECUTION_PROCESS },
            },
          ],
          'refusal.processKeyNotDeployed',
          { key: CO_EXECUTION_PROCESS },
        );
      }
      const order = (await tx.processInstances.get(task.instanceId))?.variables ?? {};
      const variables: JsonObject = { coExecutors, responsible, orderTaskId: task.id };
      for (const name of ['documentId', 'registrationNumber', 'subject', 'text', 'deadline', 'controller']) {
        const value = order[name];
        if (value !== undefined) variables[name] = value;
      }
      // The department the task belongs to: its task page shows the order it executes.
      variables.departments = Array.isArray(order.departments) ? order.departments : [];
      const started = await startProcessIn(
        ctx,
        tx,
        { key: CO_EXECUTION_PROCESS, businessKey: task.businessKey, variables },
        definition,
      );
      coExecutionInstanceId = started.instanceId;
    },
    to: () => responsible,
  });
  return { task, responsible, coExecutors, coExecutionInstanceId };
}

/** The colleagues a department head may hand the task to: the active people of her department. */
export async function delegationColleagues(ctx: UseCaseContext, task: TaskRecord) {
  if (!mayDelegateInDepartment(ctx.actor)) return [];
  return (await ctx.store.users.list()).filter(
    (u) => u.active && u.departmentId === ctx.actor.departmentId && u.username !== task.assignee,
  );
}

export interface DelegationPreview {
  responsible: { username: string; displayName: string };
  coExecutors: { username: string; displayName: string }[];
}

/**
 * A department head's delegation as the API takes it (`POST /api/tasks/{id}/delegate`): the same
 * rule as the page — a department head, to active colleagues of the department, the shape checked
 * by `checkDelegation` — refused whole before anything changes. Unconfirmed, it only says who would
 * get what; confirmed, it hands the task on (`delegateToSeveral`).
 */
export async function delegateInDepartment(
  ctx: UseCaseContext,
  task: TaskRecord,
  props: DelegateToSeveralProps & { confirm: boolean },
): Promise<DelegationPreview & { delegation: Delegation | null }> {
  if (!mayDelegateInDepartment(ctx.actor)) {
    throw new Forbidden(
      'Only a department head hands a task on to colleagues of the department.',
      'refusal.delegateWho',
    );
  }
  if (task.status !== 'open')
    throw new Conflict(`task ${task.id} is ${task.status}, not open`, 'refusal.taskNotOpen', {
      id: task.id,
      status: task.status,
    });
  const { executors, responsible } = checkDelegation(props);
  const colleagues = new Map((await delegationColleagues(ctx, task)).map((u) => [u.username, u.displayName]));
  const problems = new Problems();
  for (const username of executors) {
    if (!colleagues.has(username))
      problems.add('executors', `not a colleague of your department: ${username}`, 'problem.notColleague', {
        username,
      });
  }
  if (executors.length > 1 && task.formKey !== ORDER_DEPARTMENT_FORM) {
    problems.add(
      'executors',
      "only an order's department task is handed to several executors",
      'problem.severalOnlyOrders',
    );
  }
  problems.check('The task cannot be handed on.', 'refusal.handOn');
  const person = (username: string) => ({ username, displayName: colleagues.get(username) ?? username });
  const preview = {
    responsible: person(responsible),
    coExecutors: executors.filter((e) => e !== responsible).map(person),
  };
  if (!props.confirm) return { ...preview, delegation: null };
  return { ...preview, delegation: await delegateToSeveral(ctx, props) };
}
