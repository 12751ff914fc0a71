/**
 * The choices of select, radio, taglist and checklist fields: fixed in the form, or people /
 * departments / case files (`valuesKey`).
 */
import type { UseCaseContext } from '../context.js';
import type { Store } from '../store/ports.js';
import type { FormField, LocalLabels, TaskForm } from './taskForm.js';
import { isUuid } from '../store/ids.js';

/**
 * `group`: the department a person belongs to, to show people grouped as the institution is;
 * `labels`: a fixed choice's labels in other languages.
 */
export type Choices = Map<string, { label: string; value: string; group?: string; labels?: LocalLabels }[]>;

/** Roles that do no case work: administrators, auditors and designers are not offered as people. */
const WORKING_ROLES = new Set(['registrar', 'head', 'dept_head', 'executor']);

/**
 * `about`: the task the form completes. Case files (`valuesKey: caseFiles`) are the active ones of
 * its document's year; without a task, every case file (to name a chosen one).
 */
export async function formChoices(
  { store }: Pick<UseCaseContext, 'store'>,
  form: TaskForm,
  about?: { businessKey: string | null },
): Promise<Choices> {
  const choices: Choices = new Map();
  let users: { label: string; value: string; group: string }[] | null = null;
  let departments: { label: string; value: string }[] | null = null;
  for (const field of form.fields) {
    if (field.values) choices.set(field.key, field.values);
    else if (field.valuesKey === 'users') {
      users ??= await peopleByDepartment(store);
      choices.set(field.key, users);
    } else if (field.valuesKey === 'departments') {
      departments ??= (await store.departments.list()).map((d) => ({
        label: `${d.code} — ${d.name}`,
        value: d.code,
      }));
      choices.set(field.key, departments);
    } else if (field.valuesKey === 'caseFiles') {
      choices.set(field.key, await caseFileChoices(store, about));
    }
  }
  return choices;
}

async function caseFileChoices(
  store: Store,
  about: { businessKey: string | null } | undefined,
): Promise<{ label: string; value: string }[]> {
  const key = about?.businessKey ?? null;
  const document = key && isUuid(key) ? await store.documents.get(key) : null;
  if (about && !document) return [];
  const caseFiles = document
    ? (await store.caseFiles.list({ year: Number(document.registeredOn.slice(0, 4)) })).filter(
        (c) => c.active,
      )
    : await store.caseFiles.list();
  return caseFiles
    .sort((a, b) => a.indexCode.localeCompare(b.indexCode, undefined, { numeric: true }))
    .map((c) => ({ label: `${c.indexCode} — ${c.title}`, value: c.id }));
}

/** Active people who do case work, by name, by department and then by name. */
async function peopleByDepartment(store: Store): Promise<{ label: string; value: string; group: string }[]> {
  const names = new Map((await store.departments.list()).map((d) => [d.id, d.name]));
  return (await store.users.list())
    .filter((u) => u.active && u.roles.some((role) => WORKING_ROLES.has(role)))
    .map((u) => ({
      label: u.displayName,
      value: u.username,
      group: u.departmentId ? (names.get(u.departmentId) ?? '') : '',
    }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label));
}

export const hasChoices = (field: FormField): boolean =>
  ['radio', 'select', 'taglist', 'checklist'].includes(field.type);
