/**
 * The public form of an e-service: a form-js schema, checked with the same rules as the task forms
 * deployed with a process (engine/workflow/designer/processForms.ts) and read into fields with the
 * task forms' reader (engine/records/taskForm.ts). A public form asks for fixed choices only (a
 * `valuesKey` reads staff data) and the plain inputs a citizen fills in; the answers are checked
 * against the fields the page showed, and nothing else is accepted.
 */
import type { Problem } from '../errors.js';
import { type FormField, toTaskForm } from '../records/taskForm.js';
import type { Problems } from '../kernel/problems.js';
import type { JsonValue } from '../store/ports.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { formSchemaProblems } from '../workflow/designer/processForms.js';

/** The inputs a public form may have (and `text`, shown as it is). */
export const PUBLIC_FIELD_TYPES = [
  'textfield',
  'textarea',
  'number',
  'datetime',
  'select',
  'radio',
  'checkbox',
];
const DEFAULT_MAX_LENGTH = { textfield: 500, textarea: 5000 } as Record<string, number>;

/** Problems of a form schema an administrator gives an e-service (under `formSchema`). */
export function publicFormProblems(schema: unknown): Problem[] {
  const problems = formSchemaProblems(schema, 'formSchema');
  if (problems.length > 0) return problems;
  for (const field of toTaskForm('e-service', schema).fields) {
    if (field.type === 'text') continue;
    if (!PUBLIC_FIELD_TYPES.includes(field.type)) {
      problems.push({
        field: 'formSchema',
        message: `a public form cannot ask "${field.key}" (${field.type})`,
        code: 'problem.publicFormField',
        params: { key: field.key, type: field.type },
      });
    } else if (field.valuesKey) {
      problems.push({
        field: 'formSchema',
        message: `a public form cannot ask "${field.key}" (${field.type})`,
        code: 'problem.publicFormField',
        params: { key: field.key, type: field.type },
      });
    }
  }
  return problems;
}

/** The fields of a service's form, in order; none without a form. */
export function publicFormFields(schema: JsonObject | null): FormField[] {
  return schema ? toTaskForm('e-service', schema).fields : [];
}

/** Form fields are posted as `f_<key>`, apart from the applicant's own fields. */
export const formFieldName = (key: string): string => `f_${key}`;

/** Checks the answers to the form's fields; returns them as stored (by key). */
export function checkAnswers(
  fields: readonly FormField[],
  given: Readonly<Record<string, string>>,
  problems: Problems,
): JsonObject {
  const answers: Record<string, JsonValue> = {};
  for (const field of fields) {
    if (field.type === 'text') continue;
    const name = formFieldName(field.key);
    const value = (given[name] ?? '').trim();
    if (field.type === 'checkbox') {
      answers[field.key] = value !== '';
      if (field.required && value === '') problems.add(name, 'is required', 'problem.required');
      continue;
    }
    if (value === '') {
      if (field.required) problems.add(name, 'is required', 'problem.required');
      continue;
    }
    if (field.type === 'number') {
      const number = Number(value.replace(',', '.'));
      if (!Number.isFinite(number)) problems.add(name, 'must be a number', 'problem.notNumber');
      else if (field.min !== null && number < field.min)
        problems.add(name, `must be at least ${field.min}`, 'problem.numberAtLeast', { min: field.min });
      else if (field.max !== null && number > field.max)
        problems.add(name, `must be at most ${field.max}`, 'problem.numberAtMost', { max: field.max });
      else answers[field.key] = number;
    } else if (field.type === 'datetime') {
      const date = problems.date(name, value);
      if (date) answers[field.key] = date;
    } else if (field.type === 'select' || field.type === 'radio') {
      if (!(field.values ?? []).some((choice) => choice.value === value)) {
        problems.add(name, `not a choice: ${value.slice(0, 100)}`, 'problem.notChoice', {
          value: value.slice(0, 100),
        });
      } else answers[field.key] = value;
    } else {
      const max = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type] ?? 500;
      answers[field.key] = problems.text(name, value, max);
    }
  }
  return answers;
}

/** The answers as the clerk reads them: `label: value`, one a line, in the form's order. */
export function answerLines(fields: readonly FormField[], answers: JsonObject): string[] {
  return fields
    .filter((field) => field.type !== 'text' && field.key in answers)
    .map((field) => {
      const value = answers[field.key];
      const shown =
        field.values?.find((choice) => choice.value === value)?.label ??
        (typeof value === 'boolean' ? (value ? '✓' : '—') : String(value));
      return `${field.label}: ${shown}`;
    });
}
