/**
 * The routing processes shipped in processes/ are deployed at start-up when their key has never
 * been deployed, so a new installation routes documents at once and a designer's later versions
 * are never overwritten by a restart. Each is deployed with the shipped forms its user tasks name
 * (processes/forms/<formKey>.form.json: deployProcess's fallback for a first version).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR, type UseCaseContext } from '../../context.js';
import { type DeployedProcess, deployProcess } from './deployProcess.js';

export const SHIPPED_PROCESSES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../processes',
);

/** The key of a BPMN file's executable process, read without a full parse. */
function processKey(xml: string): string | null {
  return /<(?:bpmn:)?process\b[^>]*\bid="([^"]+)"[^>]*\bisExecutable="true"/.exec(xml)?.[1] ?? null;
}

export async function deployShippedProcesses(
  ctx: Omit<UseCaseContext, 'actor'>,
  dir: string = SHIPPED_PROCESSES_DIR,
): Promise<DeployedProcess[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.bpmn')).sort();
  const deployed: DeployedProcess[] = [];
  // The system deploys as a designer would; the audit trail names it `system`.
  const system = { ...ctx, actor: { ...SYSTEM_ACTOR, roles: ['designer' as const] } };
  for (const file of files) {
    const xml = await readFile(path.join(dir, file), 'utf8');
    const key = processKey(xml);
    if (key && (await ctx.store.processDefinitions.latest(key))) continue;
    deployed.push(await deployProcess(system, { xml }));
  }
  return deployed;
}
