/**
 * The choices of the designer's pickers: the candidate groups the engine understands (roles,
 * department codes, `role:DEPT` — see engine/policies/task.ts actorGroups) and the built-in services
 * a service task may name, with the inputs each reads.
 */
import type { UseCaseContext } from '../../context.js';
import { ROLES, type Role } from '../../store/ports.js';
import { BUILT_IN_SERVICES, type ServiceName } from '../services/serviceNames.js';
import { requireDesigner } from '../../policies/process.js';

const ROLE_NAMES: Record<Role, string> = {
  registrar: 'Registry clerk',
  head: 'Head (mayor)',
  dept_head: 'Department head',
  executor: 'Executor',
  designer: 'Process designer',
  admin: 'Administrator',
  auditor: 'Auditor',
};

/** Roles that make sense within one department as a candidate group (`dept_head:BUV`). */
const DEPARTMENT_ROLES: Role[] = ['dept_head', 'executor'];

/** The camunda:inputParameter names each service reads (see services/builtInServices.ts). */
const SERVICE_INPUTS: Record<ServiceName, string[]> = {
  setDocumentStatus: ['status'],
  notify: ['to', 'subject', 'body'],
  appendHistory: ['text'],
};

export interface DirectoryGroups {
  roles: { code: string; name: string }[];
  departments: { code: string; name: string }[];
  /** Every candidate-group string a task may name. */
  groups: string[];
}

export async function listDirectoryGroups(ctx: UseCaseContext): Promise<DirectoryGroups> {
  requireDesigner(ctx.actor, 'list candidate groups');
  const departments = (await ctx.store.departments.list())
    .map((department) => ({ code: department.code, name: department.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    roles: ROLES.map((code) => ({ code, name: ROLE_NAMES[code] })),
    departments,
    groups: [
      ...ROLES,
      ...departments.map((department) => department.code),
      ...departments.flatMap((department) => DEPARTMENT_ROLES.map((role) => `${role}:${department.code}`)),
    ],
  };
}

export function listDirectoryServices(ctx: UseCaseContext): {
  services: { name: string; inputs: string[] }[];
} {
  requireDesigner(ctx.actor, 'list services');
  return { services: BUILT_IN_SERVICES.map((name) => ({ name, inputs: SERVICE_INPUTS[name] })) };
}
