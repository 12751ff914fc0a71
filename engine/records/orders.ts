/**
 * The head's order (rīkojums): drafted and issued by who the order register allows
 * (`mayIssueOrderIn`, policy.ts: the heads), numbered **when issued**. A draft is a document without
 * a number (as an outgoing letter's draft) whose order process waits at its "Issuing the order"
 * task, with the draft's departments, controller, deadline and text as the form's values; issuing
 * completes that task (`giveOrder`), and the order register's next number is taken in the
 * completing transaction. An order received from outside is registered by a registrar instead
 * (registerDocument: numbered at once, its head gives it at the same task).
 */
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Conflict, Forbidden, NotFound } from '../errors.js';
import { type Department, type DocumentRecord, type Register } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { findLatestDefinition } from '../workflow/runtime/definitions.js';
import { startProcessIn } from '../workflow/runtime/startProcess.js';
import { mayIssueOrderIn, mayIssueOrders } from '../policies/document.js';
import { giveOrder, validateOrder } from './resolution.js';
import { documentSearchText } from './searchText.js';
import { Problems } from '../kernel/problems.js';
import { confidentialityOf } from './confidentiality.js';

/** The form key of the task whose completion issues the order (processes/forms/order.form.json). */
export const ISSUE_ORDER_FORM = 'order';

export interface OrderDraftProps {
  /** An order register; default: the only active one. */
  registerId?: string | null;
  subject: string;
  /** The order's text. */
  text: string;
  /** Codes of the executing departments. */
  departments?: string[];
  /** Username; default: the issuer. */
  controller?: string | null;
  /** `YYYY-MM-DD`. */
  deadline?: string | null;
  confidentiality?: string;
}

export interface DraftedOrder {
  /** As it is after the call: numbered (`sequence` > 0) when issued, else a draft without a number. */
  document: DocumentRecord;
  processInstanceId: string;
  /** The "Issuing the order" task: open for a draft, completed when issued. */
  issueTaskId: string;
  registrationNumber: string | null;
}

const REFUSED = 'The order cannot be drafted.';

function requireMayIssue(ctx: UseCaseContext): string {
  if (ctx.actor.id === null || !mayIssueOrders(ctx.actor)) {
    throw new Forbidden('Only a head issues orders.', 'refusal.headIssuesOrders');
  }
  return ctx.actor.id;
}

/** The departments an order can be given to, for someone who issues orders. */
export async function orderDepartments(ctx: UseCaseContext): Promise<Department[]> {
  if (!mayIssueOrders(ctx.actor))
    throw new Forbidden('Only a head issues orders.', 'refusal.headIssuesOrders');
  return ctx.store.departments.list();
}

/** The order registers `ctx.actor` may issue into. */
export async function orderRegistersFor(ctx: UseCaseContext): Promise<Register[]> {
  if (!mayIssueOrders(ctx.actor)) return [];
  return (await ctx.store.registers.list()).filter((r) => mayIssueOrderIn(ctx.actor, r));
}

async function chosenRegister(
  ctx: UseCaseContext,
  registerId: string | null | undefined,
  problems: Problems,
) {
  const registers = await orderRegistersFor(ctx);
  const register = registerId
    ? registers.find((r) => r.id === registerId || r.code === registerId)
    : registers.length === 1
      ? registers[0]
      : undefined;
  if (!register)
    if (registerId) problems.add('registerId', 'no such order register', 'problem.noOrderRegister');
    else problems.add('registerId', 'choose the order register', 'problem.chooseOrderRegister');
  return register;
}

/**
 * Drafts an order and, with `issue`, issues it: then everything is checked before anything is
 * stored (an order refused leaves no draft and takes no number), and the number is taken in the
 * issuing transaction. Without `issue` the draft waits, without a number, in the heads' inbox.
 */
export async function draftOrder(
  ctx: UseCaseContext,
  props: OrderDraftProps,
  options: { issue: boolean },
): Promise<DraftedOrder> {
  const actorId = requireMayIssue(ctx);
  const problems = new Problems();
  const register = await chosenRegister(ctx, props.registerId, problems);
  const subject = problems.text('subject', props.subject, 1000);
  const confidentiality = confidentialityOf(problems, props.confidentiality);
  const departments = [...new Set((props.departments ?? []).map((d) => d.trim()).filter(Boolean))];
  const controller = props.controller?.trim() || ctx.actor.username;
  const deadline = props.deadline?.trim() || '';
  let text = props.text ?? '';
  if (options.issue) {
    // Every problem of the order at once, before the draft is stored.
    const order = await validateOrder(ctx, { text, departments, controller, deadline }, problems);
    text = String(order.text);
  } else {
    text = problems.text('text', props.text, 4000);
    if (deadline) problems.date('deadline', deadline);
    problems.check(REFUSED, 'refusal.orderDraft');
  }
  const chosen = register as Register;
  const now = ctx.clock.now();
  const drafted = await ctx.store.transaction(async (tx) => {
    const definition = chosen.processKey ? await findLatestDefinition(tx, chosen.processKey) : null;
    if (!chosen.processKey || !definition) {
      throw new Conflict(
        `The routing process of ${chosen.name} is not deployed; ask a process designer to deploy "order".`,
        'refusal.outgoingNotDeployed',
        { register: chosen.name, key: 'order' },
      );
    }
    const document = await tx.documents.insertDraft({
      registerId: chosen.id,
      draftedOn: localDate(now, settingsOf(ctx).timeZone),
      subject,
      body: text,
      documentKind: 'order',
      correspondentId: null,
      confidentiality,
      replyToId: null,
      searchText: documentSearchText([subject]),
      createdBy: actorId,
    });
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.drafted',
      objectType: 'document',
      objectId: document.id,
      details: { register: chosen.code, subject, departments },
    });
    // The draft's order is the issuing form's values (engine/records/taskBrief.ts).
    const variables: JsonObject = {
      documentId: document.id,
      subject,
      registerCode: chosen.code,
      registrationNumber: '',
      author: ctx.actor.username,
      draftOrder: { text, departments, controller, deadline },
    };
    const started = await startProcessIn(
      ctx,
      tx,
      { key: chosen.processKey, businessKey: document.id, variables },
      definition,
    );
    return { document, instanceId: started.instanceId };
  });
  const issueTask = (await ctx.store.tasks.listByInstance(drafted.instanceId, { status: 'open' })).find(
    (task) => task.formKey === ISSUE_ORDER_FORM,
  );
  if (!issueTask) {
    throw new Conflict(
      `The order process of ${chosen.name} has no task that issues the order.`,
      'refusal.orderNoIssueTask',
      { register: chosen.name },
    );
  }
  if (!options.issue) {
    return {
      document: drafted.document,
      processInstanceId: drafted.instanceId,
      issueTaskId: issueTask.id,
      registrationNumber: null,
    };
  }
  await giveOrder(ctx, { taskId: issueTask.id, text, departments, controller, deadline });
  const issued = await ctx.store.documents.get(drafted.document.id);
  if (!issued) throw new NotFound('No such document.', 'refusal.noSuchDocument');
  return {
    document: issued,
    processInstanceId: drafted.instanceId,
    issueTaskId: issueTask.id,
    registrationNumber: issued.registrationNumber,
  };
}
