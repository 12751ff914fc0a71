/** Starts the newest version of a deployed process for a business key (usually a document id). */
import { randomUUID } from 'node:crypto';
import { auditActor, settingsOf, type UseCaseContext } from '../../context.js';
import { Conflict, Forbidden, Invalid } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { JsonObject, ProcessInstance, TaskRecord } from '../../store/workflowPorts.js';
import { businessKeyRules } from './businessKeyRules.js';
import { latestDefinition } from './definitions.js';
import {
  EngineSession,
  type RunnableDefinition,
  type SessionSnapshot,
  type StepFailure,
} from './engineSession.js';
import { type PendingHistory, type PersistedStep, persistStep } from './persistStep.js';
import { checkinHotSession } from './hotSessions.js';
import { serviceInvokerFor } from './serviceInvoker.js';
import { StepFailed } from './stepErrors.js';
import { templateStart } from './startTemplate.js';
import { initiatorVariables } from './initiator.js';
import { mayStartProcesses } from '../../policies/process.js';

export interface StartProcessProps {
  /** The process id in the BPMN (the deployment key). */
  key: string;
  /** What the instance is about, usually a document id; messages are correlated by it. */
  businessKey?: string | null;
  /** Initial process variables. */
  variables?: JsonObject;
}

export interface StartedProcess {
  instanceId: string;
  processKey: string;
  definitionVersion: number;
  businessKey: string | null;
  status: 'running' | 'completed';
  /** The tasks open after the first step. */
  tasks: TaskRecord[];
}

/** Anyone who works with documents, and the system itself; an auditor only reads. */
function requireMayStart(ctx: UseCaseContext): void {
  if (!mayStartProcesses(ctx.actor)) throw new Forbidden('An auditor may not start a process.');
}

/**
 * Starts inside the caller's transaction (e.g. together with registering the document): for the
 * use cases that create the document in that transaction and have checked their own policy
 * (registerDocument, draftLetter); the business key is not checked here. A caller
 * that already read the newest `definition` passes it; `keepHot` may be called once the caller's
 * transaction committed, so that the instance's next step reuses this engine (see hotSessions.ts).
 */
export async function startProcessIn(
  ctx: UseCaseContext,
  tx: Repositories,
  props: StartProcessProps,
  definition?: RunnableDefinition,
): Promise<StartedProcess & { keepHot(): void }> {
  requireMayStart(ctx);
  const { started, session, versionNo } = await startInstance(
    ctx,
    tx,
    definition ?? (await latestDefinition(tx, props.key)),
    props,
  );
  const keepHot = () => {
    if (started.status === 'running' && session) checkinHotSession(started.instanceId, versionNo, session);
  };
  // Not enumerable: the result is often returned as JSON as it is.
  return Object.defineProperty(started, 'keepHot', {
    value: keepHot,
    enumerable: false,
  }) as StartedProcess & {
    keepHot(): void;
  };
}

export interface StartOptions {
  /** A timer start event that fell due: the new instance passes it at once (see fireTimerStart). */
  firingStartTimer?: string;
  /**
   * A message start event that took a message (see receiveMessage): the new instance starts there
   * only (the process's other start events are discarded) and passes it at once.
   */
  startingMessage?: { elementId: string; messageRef: string; messageName: string };
}

/**
 * Starts `definition` in `tx`. The engine's session is returned so that the caller may keep it hot;
 * it is null when the start was stamped from the definition's start template (startTemplate.ts):
 * then the next step recovers an engine from the stored state.
 */
export async function startInstance(
  ctx: UseCaseContext,
  tx: Repositories,
  definition: RunnableDefinition,
  props: Omit<StartProcessProps, 'key'>,
  options: StartOptions = {},
): Promise<{ started: StartedProcess; session: EngineSession | null; versionNo: number }> {
  const now = ctx.clock.now();
  const instance: ProcessInstance = {
    id: randomUUID(),
    definitionId: definition.id,
    processKey: definition.key,
    definitionVersion: definition.version,
    businessKey: props.businessKey ?? null,
    status: 'running',
    state: {},
    variables: {},
    versionNo: 1,
    startedBy: ctx.actor.id,
    startedAt: now,
    endedAt: null,
    endReason: null,
  };
  // The row is written once, with the state the start ends in (persistStep), unless a service task
  // needs it earlier (its rows may refer to the instance): then it is inserted before the first call.
  let inserted: Promise<unknown> | null = null;
  const insertForServices = () => (inserted ??= tx.processInstances.insert(instance));
  const serviceHistory: PendingHistory[] = [];
  const invokeService = serviceInvokerFor(ctx, tx, instance, serviceHistory);
  const timeZone = settingsOf(ctx).timeZone;
  // `camunda:initiator`: the starter's username, in the variable the start event names.
  const initiators = await initiatorVariables(definition);
  if (initiators.length > 0) {
    props = {
      ...props,
      variables: {
        ...props.variables,
        ...Object.fromEntries(initiators.map((name) => [name, ctx.actor.username])),
      },
    };
  }
  const stamped =
    options.firingStartTimer === undefined && options.startingMessage === undefined
      ? await templateStart(definition, props.variables ?? {}, now, timeZone)
      : null;
  let session: EngineSession | null = null;
  let snapshot: SessionSnapshot;
  if (stamped) {
    snapshot = stamped;
  } else {
    session = await EngineSession.start(
      {
        definition,
        clock: ctx.clock,
        timeZone,
        invokeService: async (invocation) => {
          await insertForServices();
          return invokeService(invocation);
        },
      },
      props.variables ?? {},
      options.startingMessage?.elementId ?? null,
    );
    if (options.startingMessage) session.deliverMessage(options.startingMessage.messageRef);
    if (options.firingStartTimer !== undefined) {
      const startTimers = session.timers.filter((timer) => timer.elementId === options.firingStartTimer);
      for (const timer of startTimers) session.fireTimer(timer.executionId);
    }
    snapshot = await session.snapshot();
  }
  // There is no earlier state to keep: a failing start is refused and nothing of it is stored.
  const refuse = (failure: StepFailure) =>
    new Conflict(
      `process "${definition.key}" failed while starting${failure.elementId ? ` at ${failure.elementId}` : ''}: ${failure.message}`,
    );
  if (snapshot.failure) throw refuse(snapshot.failure);
  let persisted: PersistedStep;
  try {
    persisted = await persistStep(ctx, tx, instance, snapshot, {
      firstStep: { insert: inserted === null },
      history: [
        {
          type: 'instance.started',
          elementId: null,
          details: {
            definitionId: definition.id,
            version: definition.version,
            businessKey: instance.businessKey,
          },
        },
        ...(options.startingMessage
          ? [
              {
                type: 'message.correlated' as const,
                elementId: options.startingMessage.elementId,
                details: {
                  name: options.startingMessage.messageName,
                  variables: Object.keys(props.variables ?? {}).sort(),
                },
              },
            ]
          : []),
        ...serviceHistory,
      ],
    });
  } catch (error) {
    if (error instanceof StepFailed) throw refuse(error.failure);
    throw error;
  }
  const saved = persisted.instance;
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: now,
    action: 'process.started',
    objectType: 'process_instance',
    objectId: saved.id,
    details: {
      processKey: saved.processKey,
      version: saved.definitionVersion,
      businessKey: saved.businessKey,
      ...(options.startingMessage ? { message: options.startingMessage.messageName } : {}),
    },
  });
  const started: StartedProcess = {
    instanceId: saved.id,
    processKey: saved.processKey,
    definitionVersion: saved.definitionVersion,
    businessKey: saved.businessKey,
    status: saved.status === 'completed' ? 'completed' : 'running',
    tasks: persisted.openTasks,
  };
  return { started, session, versionNo: saved.versionNo };
}

export async function startProcess(ctx: UseCaseContext, props: StartProcessProps): Promise<StartedProcess> {
  requireMayStart(ctx);
  if (props.key.trim() === '')
    throw new Invalid('a process key is required', [
      { field: 'key', message: 'required', code: 'problem.required' },
    ]);
  const { started, session, versionNo } = await ctx.store.transaction(async (tx) => {
    const definition = await latestDefinition(tx, props.key);
    // Its tasks would open the document to whoever they go to: a start on a document is routing it.
    await businessKeyRules().requireMayRoute(ctx.actor, tx, props.businessKey);
    return startInstance(ctx, tx, definition, props);
  });
  // Committed: the engine may serve the instance's next step (see hotSessions.ts).
  if (started.status === 'running' && session) checkinHotSession(started.instanceId, versionNo, session);
  return started;
}
