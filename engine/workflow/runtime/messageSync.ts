/**
 * The message subscriptions of a step: the instance's rows are replaced by the message events the
 * engine waits at after it (untouched when it neither waited before nor waits now).
 */
import type { Repositories } from '../../store/ports.js';
import type { ProcessInstance } from '../../store/workflowPorts.js';
import type { SessionSnapshot } from './engineSession.js';

export async function syncMessageWaits(
  tx: Repositories,
  instance: Pick<ProcessInstance, 'id' | 'businessKey'>,
  snapshot: Pick<SessionSnapshot, 'messages' | 'hadMessageWaits'>,
  now: Date,
): Promise<void> {
  if (!snapshot.hadMessageWaits && snapshot.messages.length === 0) return;
  await tx.messageSubscriptions.replaceForInstance(
    instance.id,
    snapshot.messages.map((wait) => ({
      instanceId: instance.id,
      businessKey: instance.businessKey,
      messageName: wait.messageName,
      messageRef: wait.messageRef,
      elementId: wait.elementId,
      executionId: wait.executionId,
      createdAt: now,
    })),
  );
}
