/**
 * Checks a posted task form against its definition again on the server: only the form's fields are
 * taken, choices must be among the allowed values, dates must be dates, texts fit their length,
 * numbers are numbers within the form's bounds, a checkbox is a boolean (ticked or not).
 * `required` is checked too, except for forms whose use case decides what is required (the
 * resolution needs executors only for "execute"; the form cannot say so).
 */
import type { Problem } from '../../../engine/errors.js';
import type { JsonObject } from '../../../engine/store/workflowPorts.js';
import { Problems } from '../../../engine/kernel/problems.js';
import { field as one, fieldList, type FormFields } from '../formBody.js';
import type { Choices } from '../../../engine/records/taskFormChoices.js';
import type { TaskForm } from '../../../engine/records/taskForm.js';

/** Forms completed through their own use case, which validates requiredness as a whole. */
export const FORMS_WITH_USE_CASE = new Set(['resolution', 'order']);

export function validateTaskForm(
  form: TaskForm,
  fields: FormFields,
  choices: Choices,
): { output: JsonObject; problems: Problem[] } {
  const problems = new Problems();
  const output: JsonObject = {};
  const checkRequired = !FORMS_WITH_USE_CASE.has(form.formKey);
  for (const field of form.fields) {
    if (field.type === 'text') continue;
    const allowed = choices.get(field.key)?.map((c) => c.value);
    if (field.type === 'checkbox') {
      const ticked = ['true', 'on'].includes(one(fields, field.key));
      if (checkRequired && field.required && !ticked)
        problems.add(field.key, 'is required', 'problem.required');
      output[field.key] = ticked;
      continue;
    }
    if (field.type === 'taglist' || field.type === 'checklist') {
      const values = [...new Set(fieldList(fields, field.key))];
      const unknown = values.filter((v) => allowed && !allowed.includes(v));
      if (unknown.length > 0)
        problems.add(field.key, `not a choice: ${unknown.join(', ')}`, 'problem.notChoice', {
          value: unknown.join(', '),
        });
      if (checkRequired && field.required && values.length === 0)
        problems.add(field.key, 'is required', 'problem.required');
      output[field.key] = values;
      continue;
    }
    const value = one(fields, field.key).trim();
    if (value === '') {
      if (checkRequired && field.required) problems.add(field.key, 'is required', 'problem.required');
      continue;
    }
    if (allowed && !allowed.includes(value))
      problems.add(field.key, `not a choice: ${value}`, 'problem.notChoice', { value });
    if (field.type === 'datetime') problems.date(field.key, value);
    if (field.type === 'number') {
      const number = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value) ? Number(value) : NaN;
      if (!Number.isFinite(number)) problems.add(field.key, 'must be a number', 'problem.notNumber');
      else if (field.min !== null && number < field.min)
        problems.add(field.key, `must be at least ${field.min}`, 'problem.numberAtLeast', { min: field.min });
      else if (field.max !== null && number > field.max)
        problems.add(field.key, `must be at most ${field.max}`, 'problem.numberAtMost', { max: field.max });
      else output[field.key] = number;
      continue;
    }
    if (field.maxLength !== null && value.length > field.maxLength) {
      problems.add(field.key, `may be at most ${field.maxLength} characters long`, 'problem.tooLong', {
        max: field.maxLength,
      });
    }
    output[field.key] = value;
  }
  return { output, problems: problems.list };
}

/**
 * JSON task data (the API) checked by the same rules as a posted form: each field of the form must
 * be text (a list of texts for a taglist or checklist, a number for a number field, true or false
 * for a checkbox); then `validateTaskForm`. Only the form's fields are kept.
 */
export function validateTaskData(
  form: TaskForm,
  data: Record<string, unknown>,
  choices: Choices,
): { output: JsonObject; problems: Problem[] } {
  const typeProblems: Problem[] = [];
  const fields: FormFields = {};
  for (const field of form.fields) {
    const value = data[field.key];
    if (value === undefined || value === null) continue;
    if (field.type === 'text') continue;
    if (field.type === 'taglist' || field.type === 'checklist') {
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fields[field.key] = value;
      else typeProblems.push({ field: field.key, message: 'must be a list of texts' });
    } else if (field.type === 'number') {
      if (typeof value === 'number' && Number.isFinite(value)) fields[field.key] = String(value);
      else typeProblems.push({ field: field.key, message: 'must be a number', code: 'problem.notNumber' });
    } else if (field.type === 'checkbox') {
      if (typeof value === 'boolean') fields[field.key] = String(value);
      else
        typeProblems.push({ field: field.key, message: 'must be true or false', code: 'problem.notBoolean' });
    } else if (typeof value === 'string') fields[field.key] = value;
    else typeProblems.push({ field: field.key, message: 'must be text' });
  }
  const { output, problems } = validateTaskForm(form, fields, choices);
  const typed = new Set(typeProblems.map((problem) => problem.field));
  // A field of the wrong type is reported as such, not also as missing.
  return { output, problems: [...typeProblems, ...problems.filter((problem) => !typed.has(problem.field))] };
}
