/**
 * The data a task is completed with, as a client sends it (the JSON API): only the fields of the
 * task's form. A field the form does not have is refused and named, never dropped silently, so that
 * a misspelt `deadlin` is not a resolution without a deadline.
 */
import type { Problem } from '../errors.js';

/** The fields of the head's resolution form (`resolution`): see resolution.ts `writeResolution`. */
export const RESOLUTION_FIELDS = [
  'decision',
  'executors',
  'responsible',
  'controller',
  'deadline',
  'text',
  'caseFileId',
] as const;
/** The fields of the head's order form (`order`): see resolution.ts `giveOrder`. */
export const ORDER_FIELDS = ['departments', 'controller', 'deadline', 'text'] as const;

/** One problem per field of `data` that is not among `fields`; empty when every field is known. */
export function unknownFormFields(data: Record<string, unknown>, fields: readonly string[]): Problem[] {
  const known = new Set(fields);
  return Object.keys(data)
    .filter((key) => !known.has(key))
    .map((key) => ({ field: key, message: 'is not a known field', code: 'problem.unknownField' }));
}
