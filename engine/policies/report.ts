/**
 * Who may print which report, and who opens the dashboard. Rows are always filtered by the document
 * access rule besides: these checks decide whether the report may be asked for at all.
 *
 * - journal: registrars, heads, administrators, auditors; anyone of the register's own department.
 * - control report: heads, administrators, auditors (every department); department heads (their own).
 * - statistics: heads, administrators, auditors.
 * - document card and order sheet: whoever may see the document.
 * - dashboard (issue 19): heads and auditors (every department); department heads (their own).
 */
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import type { Register } from '../store/ports.js';
import { hasRole } from './roles.js';

export function mayPrintJournal(actor: Actor, register: Register): boolean {
  return (
    hasRole(actor, 'registrar', 'head', 'admin', 'auditor') ||
    (register.departmentId !== null && register.departmentId === actor.departmentId)
  );
}

/** Null: every department; else the only department the actor's control report covers. */
export function controlScopeOf(actor: Actor): { departmentId: string | null } {
  if (hasRole(actor, 'head', 'admin', 'auditor')) return { departmentId: null };
  if (hasRole(actor, 'dept_head') && actor.departmentId) return { departmentId: actor.departmentId };
  throw new Forbidden(
    'Only heads, department heads, administrators and auditors may print the control report.',
  );
}

export function requireStatisticsReader(actor: Actor): void {
  if (!hasRole(actor, 'head', 'admin', 'auditor'))
    throw new Forbidden('Only heads, administrators and auditors may print the execution statistics.');
}

/** Which reports the actor may ask for at all, for menus and the print page. */
export function printableReports(actor: Actor): { journal: boolean; control: boolean; statistics: boolean } {
  return {
    journal: hasRole(actor, 'registrar', 'head', 'admin', 'auditor', 'dept_head', 'executor'),
    control:
      hasRole(actor, 'head', 'admin', 'auditor') || (hasRole(actor, 'dept_head') && !!actor.departmentId),
    statistics: hasRole(actor, 'head', 'admin', 'auditor'),
  };
}

/**
 * The dashboard: the mayor and other heads (`head`) and auditors see every department; a department
 * head sees their own department only; anyone else may not open it. Its figures are counted over the
 * documents the person may see besides (the access rule).
 */
export function dashboardScopeOf(actor: Actor): { departmentId: string | null } {
  if (actor.id !== null && hasRole(actor, 'head', 'auditor')) return { departmentId: null };
  if (actor.id !== null && hasRole(actor, 'dept_head') && actor.departmentId)
    return { departmentId: actor.departmentId };
  throw new Forbidden(
    'Only heads, department heads and auditors may open the dashboard.',
    'refusal.dashboard',
  );
}

export function mayOpenDashboard(actor: Actor): boolean {
  return (
    actor.id !== null &&
    (hasRole(actor, 'head', 'auditor') || (hasRole(actor, 'dept_head') && actor.departmentId !== null))
  );
}
