/**
 * Repository port of what the process designer asks about versions: how many instances run on
 * each, where they stand (heat map), and re-pointing a running instance to another version
 * (migration). See engine/workflow/designer/ and engine/workflow/operations/migrateInstance.ts.
 */
import type { JsonObject } from './workflowPorts.js';

export interface VersionInstanceCount {
  definitionId: string;
  /** Running or failed (waiting for a retry): still somewhere in the diagram. */
  running: number;
  /** Completed or cancelled. */
  finished: number;
}

export interface ActivityCount {
  elementId: string;
  /** Open tasks, pending timers and message waits at the element now. */
  active: number;
  /** Times the element was completed, over all instances. */
  completed: number;
}

export interface InstanceRepointing {
  definitionId: string;
  definitionVersion: number;
  state: JsonObject;
}

export interface ProcessVersionRepository {
  /** Instance counts of every version of `key` that has instances. */
  instanceCounts(key: string): Promise<VersionInstanceCount[]>;
  /** Per element of the version, over all instances that run (or ran) on it. */
  activityCounts(definitionId: string): Promise<ActivityCount[]>;
  /**
   * Moves the instance to another definition version with its new engine state, when the stored
   * version is still `expectedVersionNo`: VersionConflict otherwise. Returns the new version number.
   */
  repointInstance(id: string, expectedVersionNo: number, change: InstanceRepointing): Promise<number>;
}
