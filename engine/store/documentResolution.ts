/**
 * How a resolution is kept in the routing processes' variables (the shipped processes and their
 * forms write them): `decision` once it is given, its wording in `text`, whom it goes to in
 * `executors` (usernames) or, for an order, `departments` (department codes), and who answers for
 * it in `responsible` (else the first executor). Every adapter reads resolutions through this one
 * function, so none needs to know the variable names.
 */
import type { DocumentResolution, ResolutionReader } from './reportPorts.js';

/** A JSON value as text, as a report prints it; null for a missing or null value. */
function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function texts(values: readonly unknown[]): string[] {
  return values.map(asText).filter((value): value is string => value !== null);
}

export const readDocumentResolution: ResolutionReader = (variables): DocumentResolution => {
  const executors = Array.isArray(variables.executors) ? texts(variables.executors) : null;
  const departments = Array.isArray(variables.departments) ? texts(variables.departments) : null;
  return {
    decided: asText(variables.decision) !== null,
    text: asText(variables.text),
    executors: executors ?? departments ?? [],
    responsible: asText(variables.responsible) ?? executors?.[0] ?? null,
  };
};
