/**
 * Moves running instances of a process to a later version of the same key. An instance moves when
 * everything it waits at (open user tasks, pending timers, message waits) exists in the target
 * version with the same element id and type; its stored engine state is then recovered with the
 * target's definition and saved as an instance of that version, in one transaction with the
 * optimistic version check. Its tasks keep their ids and assignees; from there on it runs the new
 * route. Otherwise it is refused with the list of what blocks it, and nothing changes.
 */
import { auditActor, settingsOf, type UseCaseContext } from '../../context.js';
import { Conflict, Invalid, NotFound } from '../../errors.js';
import type { ProcessDefinition } from '../../store/definitionPorts.js';
import type { Repositories } from '../../store/ports.js';
import { type ProcessInstance, VersionConflict } from '../../store/workflowPorts.js';
import { waitTraits, type WaitTraits } from '../designer/compareDefinitions.js';
import { requireDesigner } from '../../policies/process.js';
import { EngineSession } from '../runtime/engineSession.js';
import { forgetHotSession } from '../runtime/hotSessions.js';
import { MAX_STEP_ATTEMPTS } from '../runtime/instanceStep.js';
import { type PendingHistory, toHistoryEvent } from '../runtime/persistStep.js';
import { syncTimers } from '../runtime/timerSync.js';

export interface MigrationProblem {
  elementId: string;
  message: string;
}

/** The instance cannot move: `problems` lists each element that blocks it. */
export class MigrationBlocked extends Conflict {
  constructor(
    message: string,
    readonly problems: MigrationProblem[],
  ) {
    super(message);
    this.name = 'MigrationBlocked';
  }
}

export interface MigratedInstance {
  instanceId: string;
  fromVersion: number;
  toVersion: number;
}

export interface MigrateInstancesProps {
  key: string;
  fromVersion: number;
  toVersion: number;
  /** Only these instances (of `fromVersion`); all its running instances when omitted. */
  instanceIds?: string[];
}

export interface MigrationReport {
  migrated: string[];
  blocked: { instanceId: string; problems: MigrationProblem[] }[];
}

/** A migration never runs a service: the engine only resumes where it waited. */
const noServices = async (): Promise<never> => {
  throw new Error('a migration calls no services');
};

interface Wait {
  elementId: string;
  kind: string;
}

/** What blocks moving `instance` (waiting at `waits`) from `source` to `target`; empty when nothing does. */
function blockers(
  waits: Wait[],
  source: Map<string, WaitTraits>,
  target: Map<string, WaitTraits>,
  targetVersion: number,
): MigrationProblem[] {
  const problems: MigrationProblem[] = [];
  const seen = new Set<string>();
  for (const wait of waits) {
    if (seen.has(wait.elementId)) continue;
    seen.add(wait.elementId);
    const now = source.get(wait.elementId);
    const then = target.get(wait.elementId);
    const name = now?.name ? ` "${now.name}"` : '';
    const waitsAt = `The instance waits at ${wait.kind} ${wait.elementId}${name}`;
    const block = (message: string) => problems.push({ elementId: wait.elementId, message });
    if (!then) block(`${waitsAt}, which version ${targetVersion} does not have.`);
    else if (!now) continue;
    else if (now.type !== then.type) {
      block(`${waitsAt}, which is a ${then.type} in version ${targetVersion}, not a ${now.type}.`);
    } else if (now.multiInstance !== then.multiInstance) {
      block(
        `${waitsAt}, which is ${then.multiInstance ? '' : 'not '}multi-instance in version ${targetVersion}.`,
      );
    } else if (now.eventDefinitions.join() !== then.eventDefinitions.join()) {
      block(`${waitsAt}, which waits for something else in version ${targetVersion}.`);
    } else if (now.attachedTo !== then.attachedTo) {
      block(`${waitsAt}, which is attached to another activity in version ${targetVersion}.`);
    }
  }
  return problems;
}

async function targetOf(
  tx: Repositories,
  instance: ProcessInstance,
  toVersion: number,
): Promise<ProcessDefinition> {
  if (!Number.isInteger(toVersion) || toVersion <= instance.definitionVersion) {
    throw new Invalid(`An instance moves only to a later version than ${instance.definitionVersion}.`, [
      { field: 'toVersion', message: `must be greater than ${instance.definitionVersion}` },
    ]);
  }
  const target = await tx.processDefinitions.getVersion(instance.processKey, toVersion);
  if (!target) throw new NotFound(`Process "${instance.processKey}" has no version ${toVersion}.`);
  return target;
}

/** Moves one instance inside `tx`; throws MigrationBlocked (nothing written) when it cannot move. */
async function migrateIn(
  ctx: UseCaseContext,
  tx: Repositories,
  instanceId: string,
  toVersion: number,
): Promise<MigratedInstance> {
  const instance = await tx.processInstances.get(instanceId).catch(() => null);
  if (!instance) throw new NotFound(`Process instance ${instanceId} not found.`);
  if (instance.status !== 'running') {
    throw new Conflict(`Process instance ${instance.id} is ${instance.status}; only running instances move.`);
  }
  const target = await targetOf(tx, instance, toVersion);
  const source = await tx.processDefinitions.get(instance.definitionId);
  if (!source) throw new Error(`definition ${instance.definitionId} of instance ${instance.id} is missing`);
  const tasks = await tx.tasks.listByInstance(instance.id, { status: 'open' });
  const jobs = await tx.jobs.listByInstance(instance.id, { status: 'pending' });
  const subscriptions = await tx.messageSubscriptions.listByInstance(instance.id);
  const sourceElements = await waitTraits(source.xml);
  const targetElements = await waitTraits(target.xml);
  const waits: Wait[] = [
    ...tasks.map((task) => ({ elementId: task.elementId, kind: 'the user task' })),
    ...jobs.map((job) => ({ elementId: job.elementId, kind: 'the timer' })),
    ...subscriptions.map((wait) => ({ elementId: wait.elementId, kind: 'the message event' })),
  ];
  const problems = blockers(waits, sourceElements, targetElements, target.version);
  const blocked = (list: MigrationProblem[]) =>
    new MigrationBlocked(
      `Process instance ${instance.id} cannot move to version ${target.version}: ${list.length === 1 ? 'one element blocks it' : `${list.length} elements block it`}.`,
      list,
    );
  if (problems.length > 0) throw blocked(problems);

  // The stored state names elements by id only (its definition source is stripped): recovered with
  // the target's parsed definition, the engine waits where it waited, now on the new diagram.
  const session = await EngineSession.recover(
    { definition: target, clock: ctx.clock, invokeService: noServices, timeZone: settingsOf(ctx).timeZone },
    instance.state,
  );
  const snapshot = await session.snapshot();
  const resumed = new Set(snapshot.tasks.map((task) => task.executionId));
  const lost = tasks.filter((task) => !resumed.has(task.executionId));
  const timers = new Set(snapshot.timers.map((timer) => timer.executionId));
  const lostTimers = jobs.filter((job) => !timers.has(job.executionId));
  if (snapshot.failure || snapshot.status !== 'running' || lost.length > 0 || lostTimers.length > 0) {
    const elementId = snapshot.failure?.elementId ?? lost[0]?.elementId ?? lostTimers[0]?.elementId ?? '';
    throw blocked([
      {
        elementId,
        message: `The engine cannot resume the instance on version ${target.version}${snapshot.failure ? `: ${snapshot.failure.message}` : ''}.`,
      },
    ]);
  }

  const now = ctx.clock.now();
  await tx.processVersions.repointInstance(instance.id, instance.versionNo, {
    definitionId: target.id,
    definitionVersion: target.version,
    state: snapshot.state,
  });
  // Timers a boundary event of the new version sets on a task the instance already waits at.
  const scheduled: PendingHistory[] = [];
  await syncTimers(tx, instance.id, snapshot, now, scheduled);
  const details = {
    fromVersion: instance.definitionVersion,
    toVersion: target.version,
    fromDefinitionId: source.id,
    toDefinitionId: target.id,
  };
  await tx.processHistory.append([
    toHistoryEvent(ctx, instance.id, now, {
      type: 'history.appended',
      elementId: null,
      details: { text: `migrated from version ${details.fromVersion} to ${details.toVersion}`, ...details },
    }),
    ...scheduled.map((event) => toHistoryEvent(ctx, instance.id, now, event)),
  ]);
  await tx.audit.append({
    ...auditActor(ctx.actor),
    occurredAt: now,
    action: 'process.instance_migrated',
    objectType: 'process_instance',
    objectId: instance.id,
    details,
  });
  return { instanceId: instance.id, fromVersion: details.fromVersion, toVersion: target.version };
}

/** Moves one running instance to version `toVersion` of its process (designers, administrators). */
export async function migrateInstance(
  ctx: UseCaseContext,
  props: { instanceId: string; toVersion: number },
): Promise<MigratedInstance> {
  requireDesigner(ctx.actor, 'migrate process instances');
  for (let attempt = 1; ; attempt += 1) {
    // A kept engine runs the old definition: the next step must recover from the migrated state.
    forgetHotSession(props.instanceId);
    try {
      const migrated = await ctx.store.transaction((tx) =>
        migrateIn(ctx, tx, props.instanceId, props.toVersion),
      );
      forgetHotSession(props.instanceId);
      return migrated;
    } catch (error) {
      if (error instanceof VersionConflict && attempt < MAX_STEP_ATTEMPTS) continue;
      throw error;
    }
  }
}

/**
 * Moves the running instances of version `fromVersion` (or the listed ones) to `toVersion`, each in
 * its own transaction: those that cannot move are reported with their problems, the others move.
 */
export async function migrateInstances(
  ctx: UseCaseContext,
  props: MigrateInstancesProps,
): Promise<MigrationReport> {
  requireDesigner(ctx.actor, 'migrate process instances');
  const from = await ctx.store.processDefinitions.getVersion(props.key, props.fromVersion);
  if (!from) throw new NotFound(`Process "${props.key}" has no version ${props.fromVersion}.`);
  if (!(await ctx.store.processDefinitions.getVersion(props.key, props.toVersion))) {
    throw new NotFound(`Process "${props.key}" has no version ${props.toVersion}.`);
  }
  if (props.toVersion <= props.fromVersion) {
    throw new Invalid('Instances move only to a later version.', [
      { field: 'toVersion', message: `must be greater than ${props.fromVersion}` },
    ]);
  }
  const running = await runningInstancesOf(ctx, props.key, from.id);
  const chosen = props.instanceIds ? running.filter((id) => props.instanceIds?.includes(id)) : running;
  const report: MigrationReport = { migrated: [], blocked: [] };
  const unknown = (props.instanceIds ?? []).filter((id) => !running.includes(id));
  for (const instanceId of unknown) {
    report.blocked.push({
      instanceId,
      problems: [
        { elementId: '', message: `No running instance ${instanceId} of version ${props.fromVersion}.` },
      ],
    });
  }
  for (const instanceId of chosen) {
    try {
      await migrateInstance(ctx, { instanceId, toVersion: props.toVersion });
      report.migrated.push(instanceId);
    } catch (error) {
      if (error instanceof MigrationBlocked) report.blocked.push({ instanceId, problems: error.problems });
      else if (error instanceof Conflict) {
        report.blocked.push({ instanceId, problems: [{ elementId: '', message: error.message }] });
      } else throw error;
    }
  }
  return report;
}

async function runningInstancesOf(ctx: UseCaseContext, key: string, definitionId: string): Promise<string[]> {
  const ids: string[] = [];
  const pageSize = 500;
  for (let offset = 0; ; offset += pageSize) {
    const page = await ctx.store.processInstances.list({
      processKey: key,
      status: 'running',
      limit: pageSize,
      offset,
    });
    ids.push(...page.items.filter((item) => item.definitionId === definitionId).map((item) => item.id));
    if (page.items.length < pageSize) return ids;
  }
}
