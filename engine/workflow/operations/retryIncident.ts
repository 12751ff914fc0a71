/**
 * Runs the failed step of an incident again (admin only), on the state the instance kept from
 * before the failure. When it succeeds, the incident is resolved and the instance runs on in the
 * same transaction; when it fails again, a new incident records the new failure.
 */
import { auditActor, type UseCaseContext } from '../../context.js';
import { Conflict, NotFound } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { Incident, JsonObject, ProcessInstanceSummary } from '../../store/workflowPorts.js';
import { completeTaskStep } from '../runtime/completeTask.js';
import { correlateMessageStep } from '../runtime/correlateMessage.js';
import { runInstanceStep } from '../runtime/instanceStep.js';
import { fireJobStep } from '../scheduler/fireJob.js';
import { requireOperator } from '../../policies/process.js';

const text = (command: JsonObject, key: string): string => {
  const value = command[key];
  if (typeof value !== 'string')
    throw new Conflict(`the incident's step has no ${key}; it cannot be retried`);
  return value;
};

const object = (value: unknown): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};

export async function retryIncident(
  ctx: UseCaseContext,
  props: { incidentId: string },
): Promise<ProcessInstanceSummary> {
  requireOperator(ctx.actor, 'retry incidents');
  const incident = await ctx.store.incidents.get(props.incidentId);
  if (!incident) throw new NotFound(`incident ${props.incidentId} not found`);
  if (incident.status !== 'open') throw new Conflict(`incident ${incident.id} is already resolved`);

  const resolve = async (tx: Repositories) => {
    await tx.incidents.resolve(incident.id, ctx.actor.username, ctx.clock.now());
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'process.incident_resolved',
      objectType: 'process_instance',
      objectId: incident.instanceId,
      details: { incidentId: incident.id },
    });
  };
  await runStepOf(ctx, incident, resolve);
  const instance = await ctx.store.processInstances.get(incident.instanceId);
  if (!instance) throw new NotFound(`process instance ${incident.instanceId} not found`);
  const { state: _state, ...summary } = instance;
  return summary;
}

async function runStepOf(
  ctx: UseCaseContext,
  incident: Incident,
  resolve: (tx: Repositories) => Promise<void>,
): Promise<void> {
  const command = incident.command;
  const options = { allowFailed: true };
  switch (command.kind) {
    case 'completeTask': {
      const step = completeTaskStep(
        ctx,
        text(command, 'taskId'),
        object(command.output),
        text(command, 'actor'),
        resolve,
      );
      await runInstanceStep(ctx, incident.instanceId, step, options);
      return;
    }
    case 'fireJob': {
      const jobId = text(command, 'jobId');
      await runInstanceStep(
        ctx,
        incident.instanceId,
        fireJobStep(ctx, jobId, { retrying: true, onSaved: resolve }),
        options,
      );
      return;
    }
    case 'correlateMessage': {
      const props = {
        name: text(command, 'name'),
        businessKey: typeof command.businessKey === 'string' ? command.businessKey : null,
        variables: object(command.variables),
      };
      await runInstanceStep(
        ctx,
        incident.instanceId,
        correlateMessageStep(ctx, incident.instanceId, props, resolve),
        options,
      );
      return;
    }
    default:
      throw new Conflict(
        `incident ${incident.id} records a step of kind ${String(command.kind)}, which cannot be retried`,
      );
  }
}
