/**
 * Runs one command against one stored instance: load it, recover a new engine from its state, let
 * the command signal the engine, wait until it rests, and save state + derived rows + history in
 * one transaction with the optimistic version check. A version conflict (someone saved the
 * instance meanwhile) reruns the whole step on the new state, a bounded number of times.
 * When the engine fails, the step is rolled back and an incident is recorded instead.
 */
import { auditActor, settingsOf, type UseCaseContext } from '../../context.js';
import { Conflict, NotFound } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import { type JsonObject, type ProcessInstance, VersionConflict } from '../../store/workflowPorts.js';
import { definitionById } from './definitions.js';
import { EngineSession, type SessionSnapshot, type StepFailure } from './engineSession.js';
import { type PendingHistory, type PersistedStep, persistStep, toHistoryEvent } from './persistStep.js';
import { checkinHotSession, checkoutHotSession } from './hotSessions.js';
import { serviceInvokerFor } from './serviceInvoker.js';
import type { ServiceInvoker } from './serviceTasks.js';
import { IncidentRaised, StepFailed } from './stepErrors.js';

/** Attempts per step when the instance keeps changing underneath (parallel completions). */
export const MAX_STEP_ATTEMPTS = 5;

export interface InstanceStep<Prepared, Result> {
  /** The step as data, stored with an incident so that `retryIncident` can run it again. */
  command: JsonObject;
  /** Checks and row changes before the engine runs; throws domain errors (nothing is saved). */
  prepare(tx: Repositories, instance: ProcessInstance): Promise<Prepared>;
  /** Tells the engine what happened. */
  apply(session: EngineSession, prepared: Prepared): void;
  /** History events of the command itself, before the engine's own. */
  history?(prepared: Prepared): PendingHistory[];
  /** The audit event(s) of the step, in its transaction. */
  audit(tx: Repositories, saved: ProcessInstance, prepared: Prepared): Promise<void>;
  result(persisted: PersistedStep, prepared: Prepared, snapshot: SessionSnapshot): Result;
}

/** Accepts only running instances; the message says why another one refuses. */
export function requireRunning(instance: ProcessInstance): void {
  if (instance.status !== 'running') {
    throw new Conflict(`process instance ${instance.id} is ${instance.status}; it takes no more steps`);
  }
}

export async function runInstanceStep<Prepared, Result>(
  ctx: UseCaseContext,
  instanceId: string,
  step: InstanceStep<Prepared, Result>,
  options: { allowFailed?: boolean } = {},
): Promise<Result> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const { result, session, saved } = await ctx.store.transaction(async (tx) => {
        const instance = await tx.processInstances.get(instanceId);
        if (!instance) throw new NotFound(`process instance ${instanceId} not found`);
        if (!(options.allowFailed && instance.status === 'failed')) requireRunning(instance);
        const prepared = await step.prepare(tx, instance);
        const serviceHistory: PendingHistory[] = [];
        const invokeService = serviceInvokerFor(ctx, tx, instance, serviceHistory);
        const session = await sessionFor(ctx, tx, instance, invokeService);
        step.apply(session, prepared);
        const snapshot = await session.snapshot();
        if (snapshot.failure) throw new StepFailed(snapshot.failure);
        const persisted = await persistStep(ctx, tx, instance, snapshot, {
          history: [...(step.history?.(prepared) ?? []), ...serviceHistory],
        });
        await step.audit(tx, persisted.instance, prepared);
        return { result: step.result(persisted, prepared, snapshot), session, saved: persisted.instance };
      });
      // Committed: the engine is exactly the stored version and may serve the next step.
      if (saved.status === 'running') checkinHotSession(instanceId, saved.versionNo, session);
      return result;
    } catch (error) {
      if (error instanceof VersionConflict && attempt < MAX_STEP_ATTEMPTS) continue;
      if (error instanceof StepFailed) {
        const incidentId = await raiseIncident(ctx, instanceId, error.failure, step.command);
        throw new IncidentRaised(incidentId, error.failure);
      }
      throw error;
    }
  }
}

/** The instance's engine: kept hot from its last committed step, or recovered from the stored state. */
async function sessionFor(
  ctx: UseCaseContext,
  tx: Repositories,
  instance: ProcessInstance,
  invokeService: ServiceInvoker,
): Promise<EngineSession> {
  const hot = checkoutHotSession(instance.id, instance.versionNo);
  if (hot && hot.definitionId === instance.definitionId) {
    hot.beginStep({ clock: ctx.clock, invokeService, timeZone: settingsOf(ctx).timeZone });
    return hot;
  }
  const definition = await definitionById(tx, instance.definitionId);
  return EngineSession.recover(
    { definition, clock: ctx.clock, invokeService, timeZone: settingsOf(ctx).timeZone },
    instance.state,
  );
}

/** Marks the instance failed and records the incident, in a transaction of its own. */
export async function raiseIncident(
  ctx: UseCaseContext,
  instanceId: string,
  failure: StepFailure,
  command: JsonObject,
): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.store.transaction(async (tx) => {
        const instance = await tx.processInstances.get(instanceId);
        if (!instance) throw new NotFound(`process instance ${instanceId} not found`);
        const now = ctx.clock.now();
        if (instance.status === 'running')
          await tx.processInstances.setStatus(instance.id, instance.versionNo, 'failed');
        const incident = await tx.incidents.insert({
          instanceId,
          elementId: failure.elementId,
          message: failure.message,
          command,
          createdAt: now,
        });
        await tx.processHistory.append([
          toHistoryEvent(ctx, instanceId, now, {
            type: 'incident.created',
            elementId: failure.elementId,
            details: { incidentId: incident.id, message: failure.message },
          }),
        ]);
        await tx.audit.append({
          ...auditActor(ctx.actor),
          occurredAt: now,
          action: 'process.incident_raised',
          objectType: 'process_instance',
          objectId: instanceId,
          details: { incidentId: incident.id, elementId: failure.elementId, message: failure.message },
        });
        return incident.id;
      });
    } catch (error) {
      if (error instanceof VersionConflict && attempt < MAX_STEP_ATTEMPTS) continue;
      throw error;
    }
  }
}
