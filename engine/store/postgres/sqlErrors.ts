import { Conflict, Invalid } from '../../errors.js';

/** The SQLSTATE of a database error, from either driver. */
function sqlState(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * Turns constraint violations into domain errors with a readable message; rethrows anything else.
 * `what` names the thing being written, e.g. `department "FIN"`.
 */
export function rethrowConstraint(error: unknown, what: string): never {
  switch (sqlState(error)) {
    case '23505':
      throw new Conflict(`${what} already exists`);
    case '23503':
      throw new Invalid(`${what} refers to something that does not exist`);
    case '23514':
    case '23502':
      throw new Invalid(`${what} has a missing or invalid value`);
    default:
      throw error;
  }
}
