/**
 * The `notify` service of process diagrams: tells the people of `to` (in the app and by mail, see
 * notifyService.ts), records it in the instance history and the audit trail. Given to the workflow
 * runtime by the composition root (engine/composition.ts).
 */
import { auditActor } from '../context.js';
import type { JsonValue } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import type { BuiltInService } from '../workflow/services/builtInServices.js';
import { notifyFromProcess } from './notifyService.js';

const json = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value ?? null)) as JsonValue;

export const notifyServiceTask: BuiltInService = async (inputs, { ctx, tx, instance, record }) => {
  const notified = await notifyFromProcess(ctx, tx, {
    to: inputs.to,
    subject: inputs.subject,
    body: inputs.body,
    instance,
  });
  const details: JsonObject = {
    to: json(inputs.to ?? null),
    subject: json(inputs.subject ?? null),
    body: json(inputs.body ?? null),
  };
  record('notification.recorded', details);
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: ctx.clock.now(),
    action: 'process.notification_recorded',
    objectType: 'process_instance',
    objectId: instance.id,
    details: { ...details, notified },
  });
  return undefined;
};
