/**
 * Deploys a BPMN process with its task forms: validate, then store both as the next version of its
 * key (the id of its executable process). Identical XML with identical forms deployed again returns
 * the current version instead of a copy. A refusal is an Invalid listing every problem, and nothing
 * is stored.
 */
import { requireRole } from '../../policies/roles.js';
import { auditActor, type UseCaseContext } from '../../context.js';
import { Conflict, Invalid, type Problem } from '../../errors.js';
import type { ProcessDefinition, ProcessDefinitionSummary } from '../../store/definitionPorts.js';
import type { FormSchemas } from '../../store/processFormPorts.js';
import {
  canonicalJson,
  formsProblems,
  resolveVersionForms,
  userTaskFormKeys,
} from '../designer/processForms.js';
import { scheduleTimerStarts } from '../scheduler/timerStarts.js';
import { getParsedDefinition, hashDefinitionXml } from './definitionCache.js';
import type { ModdleElement } from 'bpmn-moddle';
import { isExpression } from '../expressions.js';
import { children, displayName, humanType, text } from './moddleAccess.js';
import { lineLocator, parseBpmnXml } from './parseBpmnXml.js';
import { type ProcessProblem, validateProcess } from './validateProcess.js';

export interface DeployProcessProps {
  /** The BPMN 2.0 XML, as drawn in the modeler or uploaded. */
  xml: string;
  /**
   * form-js schemas by form key, versioned with the process. A form key a user task names without a
   * form here keeps the previous version's form of that key, else the shipped one.
   */
  forms?: Record<string, unknown>;
}

export interface DeployedProcess extends ProcessDefinitionSummary {
  /** False when identical XML was already the latest version, which is returned instead. */
  created: boolean;
  /**
   * What deploys but may not work as meant, each naming its element: a user task assigned to a
   * username (or offered to candidate users) no account has.
   */
  warnings: Problem[];
}

/** Larger files are not diagrams a person drew; refusing them early keeps the parser safe. */
const MAX_XML_LENGTH = 5 * 1024 * 1024;

/** Concurrent deployments of one key race for its next version; the loser retries on the new state. */
const ATTEMPTS = 3;

/**
 * `UserTask_1 "Legal check" (line 12)`: where a designer finds the problem; the element id, name
 * and line also come apart, so that the modeler can mark the shape.
 */
function toProblem(problem: ProcessProblem): Problem & Omit<ProcessProblem, 'message'> {
  const parts = [problem.elementId, problem.elementName && `"${problem.elementName}"`]
    .filter(Boolean)
    .join(' ');
  const line = problem.line ? `line ${problem.line}` : '';
  const field = parts && line ? `${parts} (${line})` : parts || line;
  const where = {
    ...(problem.elementId ? { elementId: problem.elementId } : {}),
    ...(problem.elementName ? { elementName: problem.elementName } : {}),
    ...(problem.line ? { line: problem.line } : {}),
  };
  return field ? { field, ...where, message: problem.message } : { ...where, message: problem.message };
}

const refuse = (problems: Problem[]): never => {
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
  throw new Invalid(`The process cannot be deployed: ${count} to correct.`, problems);
};

const present = (definition: ProcessDefinition, created: boolean): DeployedProcess => {
  const { xml: _xml, ...summary } = definition;
  return { ...summary, created, warnings: [] };
};

/** bpmn-engine's own words for what it cannot load, made readable. */
function engineLoadProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknownType = /^Unknown activity type (\S+)/.exec(message)?.[1];
  if (unknownType) {
    return `The engine cannot load this process: an element refers to ${humanType(unknownType)} (${unknownType}) where a flow element belongs. Check what its sequence flows, boundary events and event definitions refer to.`;
  }
  return `The engine cannot load this process: an element or reference is not where BPMN expects it (${message}). Check the sequence flows, boundary events and event definitions.`;
}

/** User tasks assigned to a username, or offered to candidate users, that no account has. */
async function unknownUserWarnings(
  ctx: UseCaseContext,
  definitions: ModdleElement,
  lineOf: (id: string) => number | undefined,
): Promise<Problem[]> {
  const warnings: Problem[] = [];
  const known = new Map<string, boolean>();
  const exists = async (username: string): Promise<boolean> => {
    if (!known.has(username)) known.set(username, (await ctx.store.users.getByUsername(username)) !== null);
    return known.get(username) ?? false;
  };
  const visit = async (scope: ModdleElement): Promise<void> => {
    for (const element of children(scope, 'flowElements')) {
      if (element.$type === 'bpmn:SubProcess') await visit(element);
      if (element.$type !== 'bpmn:UserTask') continue;
      const names = [
        ...[text(element, 'assignee')].map((value) => value?.trim() ?? ''),
        ...(text(element, 'candidateUsers') ?? '').split(',').map((value) => value.trim()),
      ].filter((name) => name !== '' && !isExpression(name));
      for (const username of [...new Set(names)]) {
        if (await exists(username)) continue;
        const id = String(element.id);
        const line = lineOf(id);
        const name = displayName(element);
        warnings.push(
          toProblem({
            elementId: id,
            ...(name ? { elementName: name } : {}),
            ...(line ? { line } : {}),
            message: `No user is called "${username}": the task would reach nobody's inbox. Assign an existing user, or candidate groups.`,
          }),
        );
      }
    }
  };
  for (const root of children(definitions, 'rootElements')) {
    if (root.$type === 'bpmn:Process' && root.isExecutable === true) await visit(root);
  }
  return warnings;
}

export async function deployProcess(
  ctx: UseCaseContext,
  props: DeployProcessProps,
): Promise<DeployedProcess> {
  requireRole(ctx.actor, ['designer', 'admin'], 'deploy processes');
  const { xml } = props;
  if (typeof xml !== 'string' || xml.trim() === '')
    refuse([{ field: 'xml', message: 'The BPMN file is empty.' }]);
  if (xml.length > MAX_XML_LENGTH) refuse([{ field: 'xml', message: 'The BPMN file is larger than 5 MB.' }]);

  const requested = props.forms ?? {};
  const formProblems =
    typeof requested === 'object' && requested !== null && !Array.isArray(requested)
      ? formsProblems(requested)
      : [{ field: 'forms', message: 'Forms must be an object of form-js schemas by form key.' }];
  const validation = await validateProcess(xml);
  if (validation.problems.length > 0 || formProblems.length > 0)
    refuse([...validation.problems.map(toProblem), ...formProblems]);
  const key = validation.processId;
  if (!key) return refuse([{ message: 'The file has no executable process.' }]);

  const hash = hashDefinitionXml(xml);
  try {
    // bpmn-engine's own loader has the last word: what it cannot load is refused, not stored.
    await getParsedDefinition(hash, xml);
  } catch (error) {
    refuse([{ message: engineLoadProblem(error) }]);
  }

  const parsed = await parseBpmnXml(xml);
  const formKeys = parsed.ok ? userTaskFormKeys(parsed.definitions) : [];
  const warnings = parsed.ok ? await unknownUserWarnings(ctx, parsed.definitions, lineLocator(xml)) : [];
  const deployed = await storeVersion(ctx, {
    key,
    hash,
    xml,
    name: validation.name,
    forms: requested as FormSchemas,
    formKeys,
  });
  // A timer start event of the new version takes over the schedule (jobs of older versions go).
  if (deployed.created) await scheduleTimerStarts(ctx, { key });
  return { ...deployed, warnings };
}

async function storeVersion(
  ctx: UseCaseContext,
  version: {
    key: string;
    hash: string;
    xml: string;
    name: string | null;
    forms: FormSchemas;
    formKeys: string[];
  },
): Promise<DeployedProcess> {
  const { key, hash, xml, name } = version;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.store.transaction(async (tx) => {
        // Without the lock, a concurrent deployment committing between `latest` and `insert` would
        // make identical XML a second version.
        await tx.processDefinitions.lockKey(key);
        // Compared with the latest version only: deploying an older XML again makes it current again.
        const latest = await tx.processDefinitions.latest(key);
        const previousForms = latest ? await tx.processForms.listByDefinition(latest.id) : {};
        const forms = await resolveVersionForms(version.forms, version.formKeys, previousForms);
        if (latest?.hash === hash && canonicalJson(forms) === canonicalJson(previousForms))
          return present(latest, false);
        const deployedAt = ctx.clock.now();
        const stored = await tx.processDefinitions.insert({
          key,
          name,
          hash,
          xml,
          deployedBy: ctx.actor.id,
          deployedAt,
        });
        await tx.processForms.insertAll(stored.id, forms);
        await tx.audit.append({
          ...auditActor(ctx.actor),
          occurredAt: deployedAt,
          action: 'process.deployed',
          objectType: 'process_definition',
          objectId: stored.id,
          details: {
            key,
            version: stored.version,
            name: stored.name,
            hash,
            forms: Object.keys(forms).sort(),
          },
        });
        return present(stored, true);
      });
    } catch (error) {
      if (!(error instanceof Conflict) || attempt >= ATTEMPTS) throw error;
    }
  }
}
