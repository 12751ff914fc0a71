/** Who may operate process instances, read their history and design processes. */
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import { hasRole, requireRole } from './roles.js';

/** Operating instances (list, view, cancel, retry) is an administrator's job. */
export const requireOperator = (actor: Actor, doing: string): void => requireRole(actor, ['admin'], doing);

/** An instance's history is also read by auditors. */
export function requireHistoryReader(actor: Actor): void {
  if (!hasRole(actor, 'admin', 'auditor'))
    throw new Forbidden('Only admin or auditor may read process history.');
}

/** Deploying, comparing, migrating and the heat map are a process designer's (or an administrator's) work. */
export const requireDesigner = (actor: Actor, doing: string): void =>
  requireRole(actor, ['designer', 'admin'], doing);

/** Anyone who works with documents or processes starts a process, and the system itself; an auditor only reads. */
export const mayStartProcesses = (actor: Actor): boolean =>
  actor.id === null || hasRole(actor, 'registrar', 'head', 'dept_head', 'executor', 'designer', 'admin');

/** Sending a message to a waiting process by its name: as starting one. */
export const maySendMessages = mayStartProcesses;

/** Correlating a message to one instance: the people who work with documents, and the system. */
export const mayCorrelateMessages = (actor: Actor): boolean =>
  actor.id === null || hasRole(actor, 'registrar', 'head', 'dept_head', 'executor', 'admin');
