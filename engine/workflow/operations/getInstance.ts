/**
 * One instance as an operator sees it: its engine state and variables, where it currently waits
 * (open tasks, pending timers, message subscriptions), its incidents and its history.
 */
import type { UseCaseContext } from '../../context.js';
import { NotFound } from '../../errors.js';
import type {
  HistoryEvent,
  Incident,
  Job,
  MessageSubscription,
  ProcessInstance,
  TaskRecord,
} from '../../store/workflowPorts.js';
import { requireOperator } from '../../policies/process.js';

export interface CurrentActivity {
  elementId: string;
  kind: 'userTask' | 'timer' | 'message';
  /** Task id, job id or subscription id. */
  id: string;
}

export interface InstanceView {
  instance: ProcessInstance;
  currentActivities: CurrentActivity[];
  tasks: TaskRecord[];
  jobs: Job[];
  messageSubscriptions: MessageSubscription[];
  incidents: Incident[];
  history: HistoryEvent[];
}

export async function getInstance(ctx: UseCaseContext, props: { instanceId: string }): Promise<InstanceView> {
  requireOperator(ctx.actor, 'view process instances');
  const instance = await ctx.store.processInstances.get(props.instanceId);
  if (!instance) throw new NotFound(`process instance ${props.instanceId} not found`);
  const [tasks, jobs, messageSubscriptions, incidents, history] = await Promise.all([
    ctx.store.tasks.listByInstance(instance.id),
    ctx.store.jobs.listByInstance(instance.id),
    ctx.store.messageSubscriptions.listByInstance(instance.id),
    ctx.store.incidents.listByInstance(instance.id),
    ctx.store.processHistory.listByInstance(instance.id),
  ]);
  const currentActivities: CurrentActivity[] = [
    ...tasks
      .filter((t) => t.status === 'open')
      .map((t) => ({ elementId: t.elementId, kind: 'userTask' as const, id: t.id })),
    ...jobs
      .filter((j) => j.status === 'pending')
      .map((j) => ({ elementId: j.elementId, kind: 'timer' as const, id: j.id })),
    ...messageSubscriptions.map((s) => ({ elementId: s.elementId, kind: 'message' as const, id: s.id })),
  ];
  return { instance, currentActivities, tasks, jobs, messageSubscriptions, incidents, history };
}
