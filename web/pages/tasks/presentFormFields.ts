/**
 * A task form's fields as the template renders them: labels in the user's language, values kept.
 * A label the form gives in that language (`label:<language>`, `option:<value>:<language>`) wins;
 * forms without one (deployed before they had them) fall back on the catalog's labels of the shipped
 * fields, then on the form's own label.
 */
import type { JsonObject } from '../../../engine/store/workflowPorts.js';
import { type Language, translator } from '../../i18n/translate.js';
import { isMessageId } from '../viewHelpers.js';
import type { Choices } from '../../../engine/records/taskFormChoices.js';
import type { FormField, TaskForm } from '../../../engine/records/taskForm.js';
import { FORMS_WITH_USE_CASE } from './taskFormValidation.js';

export function presentFormFields(
  form: TaskForm,
  choices: Choices,
  values: JsonObject,
  problems: Record<string, string[]>,
  language: Language,
) {
  const t = translator(language);
  const label = (id: string, fallback: string) => (isMessageId(id) ? t(id) : fallback);
  const optionLabel = (field: FormField, option: { label: string; value: string }) =>
    field.values?.find((choice) => choice.value === option.value)?.labels[language] ??
    label(`fieldValue.${option.value}`, option.label);
  return form.fields.map((field) => {
    const value = values[field.key];
    const chosen = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
    const fixed = field.values !== null;
    return {
      key: field.key,
      id: `field-${field.key}`,
      // A label for this form's field wins over the label shared by every form's field of that key.
      label:
        field.labels[language] ??
        label(`field.${form.formKey}.${field.key}`, label(`field.${field.key}`, field.label)),
      // The browser's check would block a resolution "for information" without executors.
      required: field.required && !FORMS_WITH_USE_CASE.has(form.formKey),
      maxLength: field.maxLength,
      value: typeof value === 'string' || typeof value === 'number' ? String(value) : '',
      checked: value === true,
      min: field.min === null ? null : String(field.min),
      max: field.max === null ? null : String(field.max),
      options: (choices.get(field.key) ?? []).map((option) => ({
        name: field.key,
        value: option.value,
        label: fixed ? optionLabel(field, option) : option.label,
        chosen: chosen.includes(option.value),
      })),
      // People grouped by department (optgroups, sub-headings); one group without a name otherwise.
      optionGroups: groupOptions(field.key, choices.get(field.key) ?? [], chosen, (option) =>
        fixed ? optionLabel(field, option) : option.label,
      ),
      errors: problems[field.key] ?? [],
      isRadio: field.type === 'radio',
      isSelect: field.type === 'select',
      isTaglist: field.type === 'taglist' || field.type === 'checklist',
      isTextarea: field.type === 'textarea',
      isTextfield: field.type === 'textfield',
      isDate: field.type === 'datetime',
      isNumber: field.type === 'number',
      isCheckbox: field.type === 'checkbox',
      isText: field.type === 'text',
    };
  });
}

function groupOptions(
  name: string,
  options: { label: string; value: string; group?: string }[],
  chosen: string[],
  labelOf: (option: { label: string; value: string }) => string,
): { group: string; options: { name: string; value: string; label: string; chosen: boolean }[] }[] {
  const groups: {
    group: string;
    options: { name: string; value: string; label: string; chosen: boolean }[];
  }[] = [];
  for (const option of options) {
    const group = option.group ?? '';
    let last = groups.at(-1);
    if (!last || last.group !== group) {
      last = { group, options: [] };
      groups.push(last);
    }
    last.options.push({
      name,
      value: option.value,
      label: labelOf(option),
      chosen: chosen.includes(option.value),
    });
  }
  return groups;
}
