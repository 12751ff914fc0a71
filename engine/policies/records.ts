/** Who may read and change the records around documents: correspondent cards, comments, case files. */
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import { hasRole } from './roles.js';

/**
 * Changes to records (correspondent cards, comments, …): the people who register and route
 * documents, and administrators. The auditor role only reads, everywhere: an auditor who holds no
 * other role may change nothing.
 */
export function requireRecordsWriter(actor: Actor, doing: string): void {
  if (!hasRole(actor, 'registrar', 'head', 'dept_head', 'executor', 'admin')) {
    throw new Forbidden(`You may not ${doing}.`, 'refusal.notAllowed', { doing });
  }
}

/** Correspondent cards hold personal data: the people who register and route documents use them. */
export function requireRecordsWorker(actor: Actor, doing: string): void {
  if (!hasRole(actor, 'registrar', 'head', 'dept_head', 'executor', 'admin', 'auditor')) {
    throw new Forbidden(`You may not ${doing}.`, 'refusal.notAllowed', { doing });
  }
}
