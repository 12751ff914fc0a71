import { hasRole, requireRole } from '../../authorization.js';
import type { Actor } from '../../context.js';
import { Forbidden } from '../../errors.js';

/** Operating instances (list, view, cancel, retry) is an administrator's job. */
export const requireOperator = (actor: Actor, doing: string): void => requireRole(actor, ['admin'], doing);

/** An instance's history is also read by auditors. */
export function requireHistoryReader(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'auditor'))
    throw new Forbidden('Only admin or auditor may read process history.');
}
