import { requireRole } from '../../policies/roles.js';
import type { UseCaseContext } from '../../context.js';
import { NotFound } from '../../errors.js';
import type { ProcessDefinition } from '../../store/definitionPorts.js';
import { ROLES } from '../../store/ports.js';

/** One definition by id, or by key and version (the latest version when none is given). */
export type GetProcessDefinitionProps = { id: string } | { key: string; version?: number };

/**
 * A deployed definition with its XML. Definitions are not secret: anyone holding a role may read
 * them, because the task and instance views draw the diagram.
 */
export async function getProcessDefinition(
  ctx: UseCaseContext,
  props: GetProcessDefinitionProps,
): Promise<ProcessDefinition> {
  requireRole(ctx.actor, [...ROLES], 'read process definitions');
  const definitions = ctx.store.processDefinitions;
  let definition: ProcessDefinition | null;
  if ('id' in props) definition = await definitions.get(props.id);
  else if (props.version === undefined) definition = await definitions.latest(props.key);
  else definition = await definitions.getVersion(props.key, props.version);
  if (!definition) {
    const which =
      'id' in props
        ? props.id
        : `"${props.key}"${props.version === undefined ? '' : ` version ${props.version}`}`;
    throw new NotFound(`Process definition ${which} does not exist.`);
  }
  return definition;
}
