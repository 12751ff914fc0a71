/**
 * The implementations of the built-in services (names in serviceNames.ts). Each receives the
 * use-case context, the open transaction's repositories and the instance it runs for — never a
 * database handle — and reports what it did to the instance history through `record`.
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { Invalid, NotFound } from '../../errors.js';
import { notifyFromProcess } from '../../notifications/notifyService.js';
import type { JsonValue, Repositories } from '../../store/ports.js';
import type { HistoryEventType, JsonObject } from '../../store/workflowPorts.js';
import { isServiceName, type ServiceName } from './serviceNames.js';

export interface ServiceScope {
  ctx: UseCaseContext;
  tx: Repositories;
  instance: { id: string; processKey: string; businessKey: string | null };
  elementId: string;
  /** Adds an event to the instance history of this step. */
  record(type: HistoryEventType, details: JsonObject): void;
}

export type BuiltInService = (
  inputs: Record<string, unknown>,
  scope: ServiceScope,
) => Promise<Record<string, unknown> | undefined>;

const text = (inputs: Record<string, unknown>, name: string, service: string): string => {
  const value = inputs[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Invalid(`service ${service} needs the input parameter "${name}"`);
  }
  return value;
};

const json = (value: unknown): JsonValue => JSON.parse(JSON.stringify(value ?? null)) as JsonValue;

const setDocumentStatus: BuiltInService = async (inputs, { ctx, tx, instance, record }) => {
  const status = text(inputs, 'status', 'setDocumentStatus');
  const documentId = instance.businessKey;
  if (!documentId)
    throw new Invalid('setDocumentStatus needs an instance whose business key is a document id');
  const document = await tx.documents.get(documentId);
  if (!document) throw new NotFound(`document ${documentId} not found`);
  const updated = await tx.documents.setStatus(document.id, document.version, status);
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: ctx.clock.now(),
    action: 'document.status_set',
    objectType: 'document',
    objectId: document.id,
    details: { from: document.status, to: status, processInstanceId: instance.id },
  });
  record('service.called', { service: 'setDocumentStatus', from: document.status, to: status });
  return { documentStatus: updated.status };
};

/** Tells the people of `to` (in the app and by mail, see notifyService.ts) and records it. */
const notify: BuiltInService = async (inputs, { ctx, tx, instance, record }) => {
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

const appendHistory: BuiltInService = async (inputs, { record }) => {
  record('history.appended', { text: text(inputs, 'text', 'appendHistory') });
  return undefined;
};

const BUILT_IN: Record<ServiceName, BuiltInService> = { setDocumentStatus, notify, appendHistory };

/** Calls the service `name`; an unknown name fails the step (an incident), as any service error. */
export function callBuiltInService(
  name: string,
  inputs: Record<string, unknown>,
  scope: ServiceScope,
): Promise<Record<string, unknown> | undefined> {
  if (!isServiceName(name)) {
    return Promise.reject(new Error(`service task ${scope.elementId} names the unknown service "${name}"`));
  }
  return BUILT_IN[name](inputs, scope);
}
