/**
 * Public answers carry the fields their documented schema declares, picked from what a use case
 * returned, never a store record passed through as it is: a field a repository adds later stays
 * out of the API until the schema (and so the OpenAPI document) names it.
 */
import type { z } from 'zod';

type Shape = Record<string, z.ZodType>;

/** The record's fields that `schema` declares, in the schema's order. */
export function presentAs<S extends Shape>(
  schema: z.ZodObject<S>,
  record: { [K in keyof S]: unknown },
): { [K in keyof S]: unknown } {
  return Object.fromEntries(Object.keys(schema.shape).map((key) => [key, record[key]])) as {
    [K in keyof S]: unknown;
  };
}
