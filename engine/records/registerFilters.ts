/**
 * The choices of the register's filters (page Register, `/documents`): case files, departments and
 * the people who do case work. Only for records workers (those who read the nomenclature); anyone
 * else gets no choices. The search itself applies the access rule (documents.ts `searchDocuments`).
 */
import { hasRole } from '../policies/roles.js';
import type { UseCaseContext } from '../context.js';
import type { CaseFile } from '../store/recordPorts.js';
import { isUuid } from '../store/ids.js';

/** Roles that do case work: the people an executor filter offers. */
const WORKING_ROLES = ['registrar', 'head', 'dept_head', 'executor'] as const;

export interface RegisterFilterChoices {
  /** Every case file, newest year first, then by index code. */
  caseFiles: CaseFile[];
  departments: { id: string; code: string; name: string }[];
  /** Active people who do case work, by name, with their department's name. */
  people: { id: string; displayName: string; department: string }[];
}

export async function registerFilterChoices(ctx: UseCaseContext): Promise<RegisterFilterChoices> {
  if (!hasRole(ctx.actor, ...WORKING_ROLES, 'admin', 'auditor')) {
    return { caseFiles: [], departments: [], people: [] };
  }
  const [caseFiles, departments, users] = await Promise.all([
    ctx.store.caseFiles.list(),
    ctx.store.departments.list(),
    ctx.store.users.list(),
  ]);
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  return {
    caseFiles: [...caseFiles].sort(
      (a, b) => b.year - a.year || a.indexCode.localeCompare(b.indexCode, undefined, { numeric: true }),
    ),
    departments: departments
      .map((d) => ({ id: d.id, code: d.code, name: d.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    people: users
      .filter((u) => u.active && u.roles.some((role) => (WORKING_ROLES as readonly string[]).includes(role)))
      .map((u) => ({
        id: u.id,
        displayName: u.displayName,
        department: u.departmentId ? (departmentNames.get(u.departmentId) ?? '') : '',
      }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  };
}

/** The name of the correspondent a register filter names (a records worker's look-up), or null. */
export async function correspondentNameOf(ctx: UseCaseContext, id: string): Promise<string | null> {
  if (!hasRole(ctx.actor, ...WORKING_ROLES, 'admin', 'auditor') || !isUuid(id)) return null;
  return (await ctx.store.correspondents.get(id))?.name ?? null;
}
