/**
 * The next registration number of a register, taken inside the caller's transaction (gapless:
 * the counter row stays locked until it commits, and a rollback gives the number back). The same
 * counter logic as registerDocument, for numbers issued later than the document was stored.
 */
import type { Register, Repositories } from '../store/ports.js';
import { formatRegistrationNumber } from './numberPattern.js';

export interface TakenNumber {
  /** Numbering year (0 for registers without yearly reset). */
  year: number;
  sequence: number;
  registrationNumber: string;
}

export async function takeRegistrationNumber(
  tx: Repositories,
  register: Register,
  registeredOn: string,
): Promise<TakenNumber> {
  const registrationYear = Number(registeredOn.slice(0, 4));
  const year = register.yearlyReset ? registrationYear : 0;
  const sequence = await tx.counters.next(register.id, year);
  const department = register.departmentId ? await tx.departments.get(register.departmentId) : null;
  const registrationNumber = formatRegistrationNumber(register.numberPattern, {
    sequence,
    year: registrationYear,
    registerCode: register.code,
    departmentCode: department?.code ?? null,
  });
  return { year, sequence, registrationNumber };
}
