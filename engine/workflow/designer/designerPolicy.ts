/** Who may do what in the process designer. */
import { requireRole } from '../../authorization.js';
import type { Actor } from '../../context.js';

/** Deploying, comparing, migrating and the heat map are a process designer's (or an administrator's) work. */
export const requireDesigner = (actor: Actor, doing: string): void =>
  requireRole(actor, ['designer', 'admin'], doing);
