/**
 * A message sent to the processes by name (`POST /api/messages`): it continues every running
 * instance that waits for it (with its business key, when one is given), and when none waits it
 * starts a new instance of each deployed process (latest version of each key) that has a message
 * start event for it. Nothing taking the message is a NotFound.
 */
import type { UseCaseContext } from '../../context.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../errors.js';
import { isUuid } from '../../store/ids.js';
import type { JsonObject } from '../../store/workflowPorts.js';
import { businessKeyRules } from './businessKeyRules.js';
import { correlateMessageStep } from './correlateMessage.js';
import { definitionById } from './definitions.js';
import { checkinHotSession } from './hotSessions.js';
import { runInstanceStep } from './instanceStep.js';
import { messageStartEvents } from './messageStarts.js';
import { startInstance, type StartedProcess } from './startProcess.js';
import { maySendMessages } from '../../policies/process.js';

export interface ReceiveMessageProps {
  /** The `name` of the BPMN message. */
  name: string;
  /** Only instances with this business key; a started instance gets it. */
  businessKey?: string | null;
  /** Merged into the variables of each continued instance; the variables of a started one. */
  variables?: JsonObject;
}

export interface ReceivedMessage {
  started: StartedProcess[];
  continued: string[];
}

/** Those who may start a process may send it a message; an auditor only reads. */
function requireMaySendMessages(ctx: UseCaseContext): void {
  if (!maySendMessages(ctx.actor))
    throw new Forbidden('You may not send messages to processes.', 'refusal.notAllowed', {
      doing: 'send messages to processes',
    });
}

/**
 * Messages the system sends itself, through the use case that owns them (extending an application's
 * deadline checks who may, allows it once, moves the due date and notifies the applicant); sent
 * through the messages API they would skip all of that. The owners reserve them through the
 * composition root (engine/composition.ts).
 */
const systemMessages = new Set<string>();

/** Refuses the messages `names` to senders: only their own use cases send them. */
export function reserveSystemMessages(...names: string[]): void {
  for (const name of names) systemMessages.add(name);
}

/**
 * Continuing an instance on a document is routing it, as starting one is (its next tasks open the
 * document to whoever they go to, and the message's variables choose them): only who may see and
 * route the document may, and not while it is closed. A business key that names no document is not
 * asked about.
 */
async function requireMayContinue(ctx: UseCaseContext, businessKey: string | null): Promise<void> {
  try {
    await businessKeyRules().requireMayRoute(ctx.actor, ctx.store, businessKey);
  } catch (error) {
    if (!(error instanceof Forbidden)) throw error;
    throw new Forbidden(
      'Only a registrar or a head may send a message to a process on a document.',
      'refusal.messageDocument',
    );
  }
}

/** Whether the sender may continue an instance with this business key (see requireMayContinue). */
async function mayContinue(ctx: UseCaseContext, businessKey: string | null): Promise<boolean> {
  try {
    await requireMayContinue(ctx, businessKey);
    return true;
  } catch (error) {
    if (error instanceof NotFound || error instanceof Forbidden || error instanceof Conflict) return false;
    throw error;
  }
}

/**
 * The business-key rule of starts: a business key that names a document is accepted only from
 * someone who may see that document (the same answer as for a document that does not exist).
 */
async function maySeeBusinessKey(ctx: UseCaseContext, businessKey: string | null): Promise<boolean> {
  if (businessKey === null || ctx.actor.id === null || !isUuid(businessKey)) return true;
  const document = await ctx.store.documents.get(businessKey);
  if (!document) return true;
  return ctx.store.documentAccess.canSee(document.id, businessKeyRules().viewerOf(ctx.actor));
}

export async function receiveMessage(
  ctx: UseCaseContext,
  props: ReceiveMessageProps,
): Promise<ReceivedMessage> {
  requireMaySendMessages(ctx);
  const name = props.name.trim();
  if (name === '')
    throw new Invalid('a message name is required', [
      { field: 'name', message: 'required', code: 'problem.required' },
    ]);
  if (systemMessages.has(name))
    throw new Forbidden(`The message "${name}" is sent only by the system itself.`, 'refusal.systemMessage', {
      name,
    });
  const businessKey = props.businessKey ?? null;
  const variables = props.variables ?? {};
  if (!(await maySeeBusinessKey(ctx, businessKey)))
    throw new NotFound('No such document.', 'refusal.noSuchDocument');

  const waiting =
    businessKey === null
      ? await ctx.store.messageSubscriptions.findByName(name)
      : await ctx.store.messageSubscriptions.find(name, businessKey);
  if (businessKey !== null && waiting.length > 0) await requireMayContinue(ctx, businessKey);
  const continued: string[] = [];
  const seen = new Set<string>();
  for (const subscription of waiting) {
    if (seen.has(subscription.instanceId)) continue;
    seen.add(subscription.instanceId);
    // Without a business key: only the instances whose document the sender may route.
    if (businessKey === null && !(await mayContinue(ctx, subscription.businessKey))) continue;
    try {
      await runInstanceStep(
        ctx,
        subscription.instanceId,
        correlateMessageStep(ctx, subscription.instanceId, {
          name,
          businessKey: subscription.businessKey,
          variables,
        }),
      );
      continued.push(subscription.instanceId);
    } catch (error) {
      // Another step consumed the wait meanwhile: that instance no longer takes the message.
      if (!(error instanceof NotFound)) throw error;
    }
  }
  if (continued.length > 0) return { started: [], continued };

  const started: StartedProcess[] = [];
  for (const summary of await ctx.store.processDefinitions.listLatest()) {
    const definition = await definitionById(ctx.store, summary.id);
    const [start] = (await messageStartEvents(definition)).filter((event) => event.messageName === name);
    if (!start) continue;
    const {
      started: instance,
      session,
      versionNo,
    } = await ctx.store.transaction(async (tx) => {
      // A start on a document is routing it, as for POST /api/processes/{key}/start.
      await businessKeyRules().requireMayRoute(ctx.actor, tx, businessKey);
      return startInstance(ctx, tx, definition, { businessKey, variables }, { startingMessage: start });
    });
    if (instance.status === 'running' && session) checkinHotSession(instance.instanceId, versionNo, session);
    started.push(instance);
  }
  if (started.length === 0) {
    throw new NotFound(
      businessKey === null
        ? `no process waits for or starts with message "${name}"`
        : `no process with business key ${businessKey} waits for or starts with message "${name}"`,
    );
  }
  return { started, continued: [] };
}
