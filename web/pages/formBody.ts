/** Reading posted form fields (urlencoded or multipart) as strings, whatever the body holds. */
import type { Request } from 'express';

export type FormFields = Record<string, string | string[]>;

export function formFields(req: Request): FormFields {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return {};
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value)) fields[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return fields;
}

/** One value: the first when the field came several times. */
export const field = (fields: FormFields, name: string): string => {
  const value = fields[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

/** Every value of a field that may repeat (checkboxes, multiple selects). */
export const fieldList = (fields: FormFields, name: string): string[] => {
  const value = fields[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
};

/** A query-string value, or '' (express may hand arrays or objects for crafted queries). */
export const queryText = (req: Request, name: string): string => {
  const value = req.query[name];
  return typeof value === 'string' ? value : '';
};
