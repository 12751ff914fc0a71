/**
 * Who may print which report. Rows are always filtered by the document access rule besides:
 * these checks decide whether the report may be asked for at all.
 *
 * - journal: registrars, heads, administrators, auditors; anyone of the register's own department.
 * - control report: heads, administrators, auditors (every department); department heads (their own).
 * - statistics: heads, administrators, auditors.
 * - document card and order sheet: whoever may see the document.
 */
import { hasRole } from '../../authorization.js';
import type { Actor } from '../../context.js';
import { Forbidden } from '../../errors.js';
import type { Register } from '../../store/ports.js';

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
