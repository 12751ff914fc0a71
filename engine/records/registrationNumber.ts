/**
 * The next registration number of a register, taken inside the caller's transaction (gapless:
 * the counter row stays locked until it commits, and a rollback gives the number back). The same
 * counter logic as registerDocument, for numbers issued later than the document was stored.
 */
import { type Actor, auditActor, localDate } from '../context.js';
import { NotFound } from '../errors.js';
import type { DocumentRecord, Register, Repositories } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { formatRegistrationNumber, usesDepartmentCode } from './numberPattern.js';
import { documentSearchText } from './searchText.js';

export interface TakenNumber {
  /** Numbering year (0 for registers without yearly reset). */
  year: number;
  sequence: number;
  registrationNumber: string;
}

/**
 * `departmentCode` may be given when the caller read it before (registerDocument does, so that the
 * counter row is locked for as short a time as possible); otherwise it is read when the pattern
 * needs it.
 */
export async function takeRegistrationNumber(
  tx: Repositories,
  register: Register,
  registeredOn: string,
  departmentCode?: string | null,
): Promise<TakenNumber> {
  const registrationYear = Number(registeredOn.slice(0, 4));
  const year = register.yearlyReset ? registrationYear : 0;
  const code = departmentCode !== undefined ? departmentCode : await departmentCodeFor(tx, register);
  const sequence = await tx.counters.next(register.id, year);
  const registrationNumber = formatRegistrationNumber(register.numberPattern, {
    sequence,
    year: registrationYear,
    registerCode: register.code,
    departmentCode: code,
  });
  return { year, sequence, registrationNumber };
}

/** The register's department code when its number pattern carries it (`{dept}`), else null. */
export async function departmentCodeFor(tx: Repositories, register: Register): Promise<string | null> {
  if (!register.departmentId || !usesDepartmentCode(register.numberPattern)) return null;
  return (await tx.departments.get(register.departmentId))?.code ?? null;
}

/**
 * Numbers a draft (an order at its issue): the register's next number, taken in the caller's
 * transaction, the document `registered` with it, and the `document.registered` audit event with
 * `details` (who issued it). A draft that is already numbered is refused by `issueNumber`'s version.
 */
export async function numberDraft(
  tx: Repositories,
  actor: Actor,
  now: Date,
  timeZone: string,
  draft: DocumentRecord,
  details: JsonObject,
): Promise<DocumentRecord> {
  const register = await tx.registers.get(draft.registerId);
  if (!register) throw new NotFound('No such register.', 'refusal.noSuchRegister');
  const registeredOn = localDate(now, timeZone);
  const taken = await takeRegistrationNumber(tx, register, registeredOn);
  const correspondent = draft.correspondentId ? await tx.correspondents.get(draft.correspondentId) : null;
  const numbered = await tx.documents.issueNumber(draft.id, draft.version, {
    ...taken,
    registeredOn,
    status: 'registered',
    searchText: documentSearchText([taken.registrationNumber, draft.subject, correspondent?.name]),
  });
  await tx.audit.append({
    ...auditActor(actor),
    occurredAt: now,
    action: 'document.registered',
    objectType: 'document',
    objectId: numbered.id,
    details: {
      registrationNumber: taken.registrationNumber,
      register: register.code,
      subject: numbered.subject,
      ...details,
    },
  });
  return numbered;
}
