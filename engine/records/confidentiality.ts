/** A document's confidentiality as registration, orders and outgoing letters read it from their input. */
import type { Problems } from '../kernel/problems.js';
import { CONFIDENTIALITY_LEVELS, type Confidentiality } from '../store/ports.js';

/** The level named (`internal` when none); an unknown one is a problem of the field `confidentiality`. */
export function confidentialityOf(problems: Problems, value: string | undefined): Confidentiality {
  return problems.oneOf('confidentiality', value ?? 'internal', CONFIDENTIALITY_LEVELS) ?? 'internal';
}
