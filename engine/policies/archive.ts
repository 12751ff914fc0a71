/**
 * The archive's life cycle (issue 19, part 2; engine/archive): the registry keeps the archive — it
 * prepares appraisal acts, sets and lifts legal holds, destroys and transfers what an approved act
 * decided. Heads sign acts; heads and auditors read the archive's lists and acts; a committee
 * member sees the act they decide on. Committee members are people who work with records.
 */
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import type { Role } from '../store/ports.js';
import { hasRole } from './roles.js';

export function mayKeepArchive(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar');
}

export function requireArchivist(actor: Actor): void {
  if (!mayKeepArchive(actor))
    throw new Forbidden('Only the registry keeps the archive.', 'refusal.archivist');
}

export function mayReadArchive(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar', 'head', 'auditor');
}

export function requireArchiveReader(actor: Actor): void {
  if (!mayReadArchive(actor)) throw new Forbidden('You may not open the archive.', 'refusal.archiveReader');
}

export function maySignAppraisalActs(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'head');
}

export function maySeeAppraisalAct(actor: Actor, act: { committee: readonly string[] }): boolean {
  return mayReadArchive(actor) || (actor.id !== null && act.committee.includes(actor.username));
}

export const mayServeOnAppraisalCommittee = (user: { roles: readonly Role[]; active: boolean }): boolean =>
  user.active && user.roles.some((role) => ['registrar', 'head', 'dept_head', 'executor'].includes(role));
