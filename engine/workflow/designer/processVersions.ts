/**
 * The versions of one process as the designer shows them: the list (who deployed, when, how many
 * instances run on each), one version with its XML and forms, a comparison of two, and where the
 * instances of a version stand (heat map).
 */
import { requireRole } from '../../policies/roles.js';
import type { UseCaseContext } from '../../context.js';
import { NotFound } from '../../errors.js';
import type { ProcessDefinition } from '../../store/definitionPorts.js';
import { ROLES } from '../../store/ports.js';
import type { FormSchemas } from '../../store/processFormPorts.js';
import { compareDefinitions, type DefinitionComparison } from './compareDefinitions.js';
import { requireDesigner } from '../../policies/process.js';

export interface ProcessVersionSummary {
  version: number;
  name: string | null;
  hash: string;
  deployedBy: string | null;
  /** The deployer's display name; null for the system (shipped processes). */
  deployedByName: string | null;
  deployedAt: Date;
  /** Instances on this version still in the diagram (running, or failed awaiting a retry). */
  running: number;
  /** Instances on this version that completed or were cancelled. */
  finished: number;
}

export interface ProcessVersionDetail {
  key: string;
  version: number;
  name: string | null;
  xml: string;
  forms: FormSchemas;
  deployedBy: string | null;
  deployedAt: Date;
}

const requireReader = (ctx: UseCaseContext) => requireRole(ctx.actor, [...ROLES], 'read process definitions');

async function versionOf(ctx: UseCaseContext, key: string, version: number): Promise<ProcessDefinition> {
  const definition = await ctx.store.processDefinitions.getVersion(key, version);
  if (!definition) throw new NotFound(`Process "${key}" has no version ${version}.`);
  return definition;
}

export async function listProcessVersions(
  ctx: UseCaseContext,
  props: { key: string },
): Promise<ProcessVersionSummary[]> {
  requireReader(ctx);
  const versions = await ctx.store.processDefinitions.listVersions(props.key);
  if (versions.length === 0) throw new NotFound(`No process "${props.key}" is deployed.`);
  const [counts, users] = await Promise.all([
    ctx.store.processVersions.instanceCounts(props.key),
    ctx.store.users.list(),
  ]);
  const countsById = new Map(counts.map((count) => [count.definitionId, count]));
  const names = new Map(users.map((user) => [user.id, user.displayName]));
  return versions.map((definition) => ({
    version: definition.version,
    name: definition.name,
    hash: definition.hash,
    deployedBy: definition.deployedBy,
    deployedByName: definition.deployedBy ? (names.get(definition.deployedBy) ?? null) : null,
    deployedAt: definition.deployedAt,
    running: countsById.get(definition.id)?.running ?? 0,
    finished: countsById.get(definition.id)?.finished ?? 0,
  }));
}

export async function getProcessVersion(
  ctx: UseCaseContext,
  props: { key: string; version: number },
): Promise<ProcessVersionDetail> {
  requireReader(ctx);
  const definition = await versionOf(ctx, props.key, props.version);
  return {
    key: definition.key,
    version: definition.version,
    name: definition.name,
    xml: definition.xml,
    forms: await ctx.store.processForms.listByDefinition(definition.id),
    deployedBy: definition.deployedBy,
    deployedAt: definition.deployedAt,
  };
}

export async function compareProcessVersions(
  ctx: UseCaseContext,
  props: { key: string; from: number; to: number },
): Promise<DefinitionComparison & { from: number; to: number }> {
  requireDesigner(ctx.actor, 'compare process versions');
  const [from, to] = await Promise.all([
    versionOf(ctx, props.key, props.from),
    versionOf(ctx, props.key, props.to),
  ]);
  return { from: from.version, to: to.version, ...(await compareDefinitions(from.xml, to.xml)) };
}

/** Per element: instances waiting there now, and how often it was completed, over all instances of the version. */
export async function versionActivityCounts(
  ctx: UseCaseContext,
  props: { key: string; version: number },
): Promise<Record<string, { active: number; completed: number }>> {
  requireDesigner(ctx.actor, 'see activity counts');
  const definition = await versionOf(ctx, props.key, props.version);
  const counts: Record<string, { active: number; completed: number }> = {};
  for (const row of await ctx.store.processVersions.activityCounts(definition.id)) {
    counts[row.elementId] = { active: row.active, completed: row.completed };
  }
  return counts;
}
