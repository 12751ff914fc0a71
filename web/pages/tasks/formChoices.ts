/** The choices of select, radio, taglist and checklist fields: fixed in the form, or people / departments. */
import type { Store } from '../../../engine/store/ports.js';
import type { FormField, TaskForm } from './formSchema.js';

export type Choices = Map<string, { label: string; value: string }[]>;

export async function formChoices(store: Store, form: TaskForm): Promise<Choices> {
  const choices: Choices = new Map();
  let users: { label: string; value: string }[] | null = null;
  let departments: { label: string; value: string }[] | null = null;
  for (const field of form.fields) {
    if (field.values) choices.set(field.key, field.values);
    else if (field.valuesKey === 'users') {
      users ??= (await store.users.list())
        .filter((u) => u.active)
        .map((u) => ({ label: `${u.displayName} (${u.username})`, value: u.username }));
      choices.set(field.key, users);
    } else if (field.valuesKey === 'departments') {
      departments ??= (await store.departments.list()).map((d) => ({
        label: `${d.code} — ${d.name}`,
        value: d.code,
      }));
      choices.set(field.key, departments);
    }
  }
  return choices;
}

export const hasChoices = (field: FormField): boolean =>
  ['radio', 'select', 'taglist', 'checklist'].includes(field.type);
