/**
 * The next registration number of a register, taken inside the caller's transaction (gapless:
 * the counter row stays locked until it commits, and a rollback gives the number back). The same
 * counter logic as registerDocument, for numbers issued later than the document was stored.
 */
import type { Register, Repositories } from '../store/ports.js';
import { formatRegistrationNumber, usesDepartmentCode } from './numberPattern.js';

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
