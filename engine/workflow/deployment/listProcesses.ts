import { requireRole } from '../../policies/roles.js';
import type { UseCaseContext } from '../../context.js';
import type { ProcessDefinitionSummary } from '../../store/definitionPorts.js';
import { ROLES } from '../../store/ports.js';

export interface ListProcessesProps {
  /** Every version of this key, oldest first; without it, the latest version of every key. */
  key?: string;
}

/** Deployed processes without their XML. Readable by anyone holding a role, like getProcessDefinition. */
export async function listProcesses(
  ctx: UseCaseContext,
  props: ListProcessesProps = {},
): Promise<ProcessDefinitionSummary[]> {
  requireRole(ctx.actor, [...ROLES], 'list process definitions');
  return props.key === undefined
    ? ctx.store.processDefinitions.listLatest()
    : ctx.store.processDefinitions.listVersions(props.key);
}
