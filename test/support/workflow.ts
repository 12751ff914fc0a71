/** Helpers for workflow tests: a movable clock, actors, and deploying BPMN without ceremony. */
import { createHash, randomUUID } from 'node:crypto';
import {
  type Actor,
  actorFromUser,
  type Clock,
  systemClock,
  type UseCaseContext,
} from '../../engine/context.js';
import type { ProcessDefinition } from '../../engine/store/definitionPorts.js';
import type { Role, Store } from '../../engine/store/ports.js';
import { type DeployedProcess, deployProcess } from '../../engine/workflow/deployment/deployProcess.js';
import { aUser } from './builders.js';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  private current: Date;
  constructor(start = '2026-03-02T08:00:00.000Z') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export function anActor(
  username: string,
  roles: Role[] = ['executor'],
  departmentId: string | null = null,
): Actor {
  return { id: randomUUID(), username, displayName: username, roles, departmentId };
}

export function contextFor(store: Store, actor: Actor, clock: Clock): UseCaseContext {
  return { store, actor, clock };
}

/**
 * Deploys `xml` through `deployProcess` (validation included), as a designer created for it. Each
 * call gives the process a fresh key (`__KEY__` in the XML) unless `key` is set.
 */
export async function deployForTest(
  store: Store,
  xml: string,
  key = `p_${randomUUID().slice(0, 8)}`,
  clock: Clock = systemClock,
): Promise<DeployedProcess> {
  const designer = await aUser(store, { roles: ['designer'] });
  return deployProcess(contextFor(store, actorFromUser(designer), clock), {
    xml: xml.replaceAll('__KEY__', key),
  });
}

/**
 * Stores `xml` without validation: for what deployment would refuse today but a stored definition
 * may still hold (e.g. a service that was removed since).
 */
export async function storeUncheckedForTest(store: Store, xml: string): Promise<ProcessDefinition> {
  const key = `p_${randomUUID().slice(0, 8)}`;
  const keyed = xml.replaceAll('__KEY__', key);
  return store.processDefinitions.insert({
    key,
    name: null,
    hash: createHash('sha256').update(keyed).digest('hex'),
    xml: keyed,
    deployedBy: null,
  });
}

/** Wraps a process body (flow elements) into a BPMN document whose process id is `__KEY__`. */
export const bpmn = (body: string, messages = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="https://kanceleja.test">
  ${messages}
  <process id="__KEY__" isExecutable="true">${body}</process>
</definitions>`;
