/**
 * E-mail intake (issue 17): the registrars take what arrives by e-mail — they see the intake items,
 * register them, attach them to a document, or set them aside. Attaching also needs the document
 * to be one they may see (the use case checks it).
 */
import type { Actor } from '../context.js';
import { Forbidden } from '../errors.js';
import { hasRole } from './roles.js';

export function mayTakeIntake(actor: Actor): boolean {
  return actor.id !== null && hasRole(actor, 'registrar');
}

export function requireIntakeClerk(actor: Actor): void {
  if (!mayTakeIntake(actor))
    throw new Forbidden('Only a registrar may work with incoming e-mail.', 'refusal.intakeClerk');
}
