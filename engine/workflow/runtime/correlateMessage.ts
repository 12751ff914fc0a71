/**
 * Delivers a message to the instances waiting for it: a message catch event (intermediate or
 * boundary) whose message has this name, in an instance with this business key. Each waiting
 * instance takes it in a step of its own; nothing waiting is a NotFound.
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { Forbidden, NotFound } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { JsonObject, MessageSubscription } from '../../store/workflowPorts.js';
import { type InstanceStep, runInstanceStep } from './instanceStep.js';
import { mayCorrelateMessages } from '../../policies/process.js';

export interface CorrelateMessageProps {
  /** The `name` of the BPMN message. */
  name: string;
  businessKey: string | null;
  /** Merged into the process variables before the message is delivered. */
  variables?: JsonObject;
}

export interface CorrelatedMessage {
  instanceIds: string[];
}

function requireMayCorrelate(ctx: UseCaseContext): void {
  if (!mayCorrelateMessages(ctx.actor))
    throw new Forbidden('You may not send messages to processes.', 'refusal.notAllowed', {
      doing: 'send messages to processes',
    });
}

export async function correlateMessage(
  ctx: UseCaseContext,
  props: CorrelateMessageProps,
): Promise<CorrelatedMessage> {
  requireMayCorrelate(ctx);
  const variables = props.variables ?? {};
  const waiting = await ctx.store.messageSubscriptions.find(props.name, props.businessKey);
  const instanceIds = [...new Set(waiting.map((subscription) => subscription.instanceId))];
  if (instanceIds.length === 0) {
    throw new NotFound(`no process with business key ${props.businessKey} waits for message "${props.name}"`);
  }
  for (const instanceId of instanceIds) {
    await runInstanceStep(ctx, instanceId, correlateMessageStep(ctx, instanceId, { ...props, variables }));
  }
  return { instanceIds };
}

/** The engine step of delivering the message to one instance; `retryIncident` runs it again. */
export function correlateMessageStep(
  ctx: UseCaseContext,
  instanceId: string,
  props: CorrelateMessageProps,
  onSaved: (tx: Repositories) => Promise<void> = async () => {},
): InstanceStep<MessageSubscription, undefined> {
  const variables = props.variables ?? {};
  return {
    command: { kind: 'correlateMessage', name: props.name, businessKey: props.businessKey, variables },
    async prepare(tx) {
      // Read again in the transaction: another step may have consumed the wait meanwhile.
      const [subscription] = (await tx.messageSubscriptions.find(props.name, props.businessKey)).filter(
        (candidate) => candidate.instanceId === instanceId,
      );
      if (!subscription)
        throw new NotFound(`process instance ${instanceId} no longer waits for "${props.name}"`);
      return subscription;
    },
    apply(session, subscription) {
      session.setVariables(variables);
      session.deliverMessage(subscription.messageRef);
    },
    history: (subscription) => [
      {
        type: 'message.correlated',
        elementId: subscription.elementId,
        details: { name: props.name, variables: Object.keys(variables).sort() },
      },
    ],
    async audit(tx, saved, subscription) {
      await tx.audit.append({
        ...auditActor(ctx.actor),
        occurredAt: ctx.clock.now(),
        action: 'process.message_correlated',
        objectType: 'process_instance',
        objectId: saved.id,
        details: { name: props.name, elementId: subscription.elementId, variables },
      });
      await onSaved(tx);
    },
    result: () => undefined,
  };
}
