/**
 * The head's resolution on an incoming document and the head's order to departments: each is the
 * completion of a task (form key `resolution` or `order`), validated as a whole, with the reminder
 * (3 working days before the deadline) and overdue instants computed from the institution's calendar.
 */
import { localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Invalid } from '../errors.js';
import type { JsonObject } from '../store/workflowPorts.js';
import type { CompletedTask } from '../workflow/runtime/completeTask.js';
import { loadTask } from '../workflow/runtime/loadTask.js';
import { caseFileFor, fileInto } from './caseFiles.js';
import { requireOpenDocument } from '../policies/document.js';
import { numberDraft } from './registrationNumber.js';
import { completeTaskNoted, type NoteSideEffect } from './taskNotes.js';
import { Problems } from '../kernel/problems.js';
import { isUuid } from '../store/ids.js';
import { addDays, addWorkingDays, workingCalendar } from '../kernel/workingCalendar.js';
import { zonedInstant } from '../kernel/zonedTime.js';

export const RESOLUTION_DECISIONS = ['execute', 'for_information', 'file_to_case'] as const;
export const REMINDER_WORKING_DAYS = 3;
/** Reminders go out at the start of a working day. */
const REMINDER_TIME = '08:00';

export interface WriteResolutionProps {
  taskId: string;
  decision: string;
  /** Usernames. */
  executors?: string[];
  /** One of the executors; required for execution. */
  responsible?: string | null;
  /** Required for execution. */
  controller?: string | null;
  /** `YYYY-MM-DD`. */
  deadline?: string | null;
  text: string;
  /** The case file "file to case" files the document into (of its year); required for that decision. */
  caseFileId?: string | null;
}

export interface GiveOrderProps {
  taskId: string;
  /** Department codes. */
  departments: string[];
  controller: string;
  deadline: string;
  text: string;
}

async function requireTaskWithForm(ctx: UseCaseContext, taskId: string, formKey: string): Promise<void> {
  const task = await loadTask(ctx.store, taskId);
  if (task.formKey !== formKey) {
    throw new Invalid(
      `Task ${task.name} does not take a ${formKey}.`,
      [
        {
          field: 'taskId',
          message: `not a ${formKey} task`,
          code: 'problem.notFormTask',
          params: { form: formKey },
        },
      ],
      'refusal.taskFormKey',
      { task: task.name, form: formKey },
    );
  }
}

async function checkUsers(ctx: UseCaseContext, problems: Problems, field: string, usernames: string[]) {
  for (const username of usernames) {
    const user = await ctx.store.users.getByUsername(username);
    if (!user || !user.active)
      problems.add(field, `no such user: ${username}`, 'problem.noUser', { username });
  }
}

/** Deadline checks and the timer instants the processes wait for. */
function schedule(ctx: UseCaseContext, problems: Problems, deadlineInput: string | null | undefined) {
  const { timeZone, holidayCountry } = settingsOf(ctx);
  const today = localDate(ctx.clock.now(), timeZone);
  const deadline = problems.date('deadline', deadlineInput);
  if (!deadlineInput) problems.add('deadline', 'is required', 'problem.required');
  else if (deadline !== null && deadline < today)
    problems.add('deadline', `is before today (${today})`, 'problem.beforeToday', { date: today });
  if (deadline === null) return null;
  const reminderDay = addWorkingDays(deadline, -REMINDER_WORKING_DAYS, workingCalendar(holidayCountry));
  // A deadline too close for a reminder gets it at once rather than never.
  const reminderAt =
    reminderDay < today ? ctx.clock.now() : zonedInstant(reminderDay, REMINDER_TIME, timeZone);
  return {
    deadline,
    reminderAt: reminderAt.toISOString(),
    overdueAt: zonedInstant(addDays(deadline, 1), '00:00', timeZone).toISOString(),
  };
}

/** The head decides: execute (by whom, by when, under whose control), for information, or file to case. */
export async function writeResolution(
  ctx: UseCaseContext,
  props: WriteResolutionProps,
): Promise<CompletedTask> {
  await requireTaskWithForm(ctx, props.taskId, 'resolution');
  const problems = new Problems();
  const decision = problems.oneOf('decision', props.decision, RESOLUTION_DECISIONS);
  const text = problems.text('text', props.text, 4000);
  let output: JsonObject = { decision: decision ?? '', text };
  if (decision === 'execute') {
    const executors = [...new Set((props.executors ?? []).map((e) => e.trim()).filter(Boolean))];
    if (executors.length === 0)
      problems.add('executors', 'name at least one executor', 'problem.executorNeeded');
    // Nothing is filled in silently: the responsible executor and the controller are chosen (the
    // form offers the resolver as controller, visibly; see resolutionDefaults).
    const responsible = props.responsible?.trim() || '';
    if (!responsible) problems.add('responsible', 'is required', 'problem.required');
    else if (!executors.includes(responsible))
      problems.add('responsible', 'must be one of the executors', 'problem.responsibleAmongExecutors');
    const controller = props.controller?.trim() || '';
    if (!controller) problems.add('controller', 'is required', 'problem.required');
    await checkUsers(ctx, problems, 'executors', executors);
    if (controller) await checkUsers(ctx, problems, 'controller', [controller]);
    const timing = schedule(ctx, problems, props.deadline);
    problems.check('The resolution cannot be given.', 'refusal.resolution');
    output = { ...output, executors, responsible, controller, outcome: 'pending', ...timing };
  }
  const caseFileId = props.caseFileId?.trim() || '';
  if (decision === 'file_to_case' && !caseFileId)
    problems.add('caseFileId', 'is required', 'problem.required');
  problems.check('The resolution cannot be given.', 'refusal.resolution');
  // "File to case" files the document into the chosen case file in the completion's transaction:
  // both happen, or neither.
  const fileToCase: NoteSideEffect | undefined =
    decision === 'file_to_case'
      ? async (tx, task, actor, now) => {
          const document =
            task.businessKey && isUuid(task.businessKey) ? await tx.documents.get(task.businessKey) : null;
          if (!document) {
            problems.add('caseFileId', 'the task has no document to file', 'problem.noDocumentToFile');
            problems.check('The resolution cannot be given.', 'refusal.resolution');
            return;
          }
          requireOpenDocument(document);
          const caseFile = await caseFileFor(tx, problems, 'caseFileId', document, caseFileId);
          problems.check('The document cannot be filed there.', 'refusal.fileDocument');
          await fileInto(actor, now, tx, document, caseFile);
        }
      : undefined;
  return completeTaskNoted(ctx, {
    taskId: props.taskId,
    output: decision === 'file_to_case' ? { ...output, caseFileId } : output,
    ...(fileToCase ? { sideEffect: fileToCase } : {}),
  });
}

/** What an order carries, checked as a whole; refused with every problem (nothing is changed). */
export async function validateOrder(
  ctx: UseCaseContext,
  props: Omit<GiveOrderProps, 'taskId' | 'controller'> & { controller?: string | null },
  problems = new Problems(),
): Promise<JsonObject> {
  const text = problems.text('text', props.text, 4000);
  const departments = [...new Set((props.departments ?? []).map((d) => d.trim()).filter(Boolean))];
  if (departments.length === 0)
    problems.add('departments', 'name at least one department', 'problem.departmentNeeded');
  const people = departments.length > 0 ? await ctx.store.users.list() : [];
  for (const code of departments) {
    const department = await ctx.store.departments.getByCode(code);
    if (!department)
      problems.add('departments', `no such department: ${code}`, 'problem.noDepartmentCode', { code });
    // Its task goes to `dept_head:CODE`: with nobody there it would wait for ever.
    else if (
      !people.some((u) => u.active && u.departmentId === department.id && u.roles.includes('dept_head'))
    )
      problems.add(
        'departments',
        `the department ${code} has no department head to receive the order`,
        'problem.departmentWithoutHead',
        { code },
      );
  }
  const controller = props.controller?.trim() || ctx.actor.username;
  await checkUsers(ctx, problems, 'controller', [controller]);
  const timing = schedule(ctx, problems, props.deadline);
  problems.check('The order cannot be given.', 'refusal.order');
  return { text, departments, controller, ...timing };
}

/**
 * The head orders departments to act by a deadline, under a controller. An order drafted by the
 * head (engine/records/orders.ts) has no number yet: it takes the order register's next number
 * here, in the transaction that completes the task — an order refused or never issued takes none.
 */
export async function giveOrder(ctx: UseCaseContext, props: GiveOrderProps): Promise<CompletedTask> {
  await requireTaskWithForm(ctx, props.taskId, 'order');
  const output = await validateOrder(ctx, props);
  const { timeZone } = settingsOf(ctx);
  const numberAtIssue: NoteSideEffect = async (tx, task, actor, now) => {
    const document =
      task.businessKey && isUuid(task.businessKey) ? await tx.documents.get(task.businessKey) : null;
    if (!document || document.sequence !== 0) return undefined;
    const issued = await numberDraft(tx, actor, now, timeZone, document, { issuedBy: actor.username });
    return { registrationNumber: issued.registrationNumber };
  };
  return completeTaskNoted(ctx, { taskId: props.taskId, output, sideEffect: numberAtIssue });
}
