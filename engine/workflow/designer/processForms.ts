/**
 * Task forms deployed with their process version: checking a form-js schema, finding the form keys
 * a diagram names, and the fallback chain for a form key the deployment does not carry (the form of
 * the same key in the previous version, then the form shipped in processes/forms/).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModdleElement } from 'bpmn-moddle';
import type { Problem } from '../../errors.js';
import type { FormSchemas } from '../../store/processFormPorts.js';
import type { JsonValue } from '../../store/ports.js';
import type { JsonObject } from '../../store/workflowPorts.js';
import { children, text } from '../deployment/moddleAccess.js';

export const SHIPPED_FORMS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../processes/forms',
);

/** A form key that names a stored or shipped form (never a path: it must not walk out of forms/). */
export const FORM_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** What form-js accepts as a field key, and what becomes a process variable. */
const FIELD_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CHOICE_TYPES = new Set(['radio', 'select', 'checklist', 'taglist']);
/**
 * The form-js components the task page renders (web/pages/tasks): inputs, whose values become
 * process variables, and display components, shown as text or (spacer, separator, the editor's
 * submit button: the page has its own) left out on purpose. A group shows its components in place.
 * Any other component (file picker, dynamic list, table, HTML, image, iframe, expression, …) is
 * refused at deployment: the task page would otherwise drop it and its value silently.
 */
export const INPUT_COMPONENTS: readonly string[] = [
  'textfield',
  'textarea',
  'number',
  'datetime',
  'checkbox',
  'checklist',
  'radio',
  'select',
  'taglist',
];
export const DISPLAY_COMPONENTS: readonly string[] = ['text', 'spacer', 'separator', 'button', 'group'];
const MAX_FORM_LENGTH = 512 * 1024;
const MAX_FORMS = 100;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Everything wrong with one form-js schema; `at` prefixes the fields (`forms.report`). */
export function formSchemaProblems(schema: unknown, at: string): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!isObject(schema)) return [{ field: at, message: 'A form must be a form-js schema (a JSON object).' }];
  if (JSON.stringify(schema).length > MAX_FORM_LENGTH) add(at, 'The form is larger than 512 KB.');
  if (!Array.isArray(schema.components)) {
    add(`${at}.components`, 'A form-js schema needs a list of components.');
    return problems;
  }
  const keys = new Set<string>();
  const walk = (components: unknown[], where: string) => {
    components.forEach((component, index) => {
      const field = `${where}[${index}]`;
      if (!isObject(component) || typeof component.type !== 'string' || component.type === '') {
        add(field, 'A component needs a type.');
        return;
      }
      const named = typeof component.key === 'string' ? ` (key "${component.key}")` : '';
      const input = INPUT_COMPONENTS.includes(component.type);
      if (!input && !DISPLAY_COMPONENTS.includes(component.type)) {
        add(
          field,
          `The task page cannot show a "${component.type}" component${named}: use ${INPUT_COMPONENTS.join(', ')} or ${DISPLAY_COMPONENTS.join(', ')}.`,
        );
      } else if (input && component.key === undefined) {
        add(field, `A ${component.type} needs a key.`);
      } else if (component.type === 'datetime' && (component.subtype ?? 'date') !== 'date') {
        add(field, `The task page asks for a date only: a datetime${named} must have the subtype "date".`);
      } else if (component.type === 'group' && component.path !== undefined && component.path !== '') {
        add(field, `A group with a data path${named} is not supported: remove its path.`);
      }
      if (component.key !== undefined) {
        if (typeof component.key !== 'string' || !FIELD_KEY.test(component.key)) {
          add(`${field}.key`, `"${String(component.key)}" is not a valid field key (letters, digits, _).`);
        } else if (keys.has(component.key)) {
          add(`${field}.key`, `The key "${component.key}" is used by two fields.`);
        } else keys.add(component.key);
      }
      if (component.values !== undefined) {
        const valid =
          Array.isArray(component.values) &&
          component.values.every(
            (choice) =>
              isObject(choice) && typeof choice.value === 'string' && typeof choice.label === 'string',
          );
        if (!valid) add(`${field}.values`, 'Choices must be a list of {label, value} texts.');
      } else if (CHOICE_TYPES.has(component.type) && typeof component.valuesKey !== 'string') {
        add(field, `A ${component.type} needs its choices (values or valuesKey).`);
      }
      if (Array.isArray(component.components)) walk(component.components, `${field}.components`);
    });
  };
  walk(schema.components, `${at}.components`);
  return problems;
}

/** Problems of the `forms` of a deployment: their keys and each schema. */
export function formsProblems(forms: Record<string, unknown>): Problem[] {
  const entries = Object.entries(forms);
  if (entries.length > MAX_FORMS) return [{ field: 'forms', message: `At most ${MAX_FORMS} forms.` }];
  return entries.flatMap(([formKey, schema]) =>
    FORM_KEY.test(formKey)
      ? formSchemaProblems(schema, `forms.${formKey}`)
      : [{ field: `forms.${formKey}`, message: 'A form key is letters, digits, - and _.' }],
  );
}

/** The form keys the user tasks of `definitions` name (plain names only; others name no stored form). */
export function userTaskFormKeys(definitions: ModdleElement): string[] {
  const keys = new Set<string>();
  const visit = (scope: ModdleElement) => {
    for (const element of children(scope, 'flowElements')) {
      if (element.$type === 'bpmn:UserTask') {
        const formKey = text(element, 'formKey') ?? text(element, 'camunda:formKey');
        if (formKey && FORM_KEY.test(formKey)) keys.add(formKey);
      }
      if (element.$type === 'bpmn:SubProcess') visit(element);
    }
  };
  for (const root of children(definitions, 'rootElements')) if (root.$type === 'bpmn:Process') visit(root);
  return [...keys].sort();
}

/** The shipped form of `formKey`, or null. */
export async function shippedForm(formKey: string, dir = SHIPPED_FORMS_DIR): Promise<JsonObject | null> {
  if (!FORM_KEY.test(formKey)) return null;
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dir, `${formKey}.form.json`), 'utf8'));
    return isObject(parsed) ? (parsed as JsonObject) : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The forms a new version keeps: those deployed with it, and for each other form key its tasks
 * name, the previous version's form of that key, else the shipped one.
 */
export async function resolveVersionForms(
  requested: FormSchemas,
  formKeys: readonly string[],
  previous: FormSchemas,
): Promise<FormSchemas> {
  const forms: FormSchemas = { ...requested };
  for (const formKey of formKeys) {
    if (forms[formKey]) continue;
    const fallback = previous[formKey] ?? (await shippedForm(formKey));
    if (fallback) forms[formKey] = fallback;
  }
  return forms;
}

/** JSON with object keys sorted, so that equal forms compare equal whatever their key order (jsonb reorders). */
export function canonicalJson(value: JsonValue | FormSchemas): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (isObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
