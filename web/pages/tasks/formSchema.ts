/**
 * Task forms: the @bpmn-io/form-js JSON of processes/forms/<formKey>.form.json, read with the
 * subset of its schema the pages render (radio, textarea, textfield, select, taglist, datetime).
 * Other components are skipped: the server never accepts a field it did not show.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const FORMS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'processes', 'forms');

export const FIELD_TYPES = ['radio', 'textarea', 'textfield', 'select', 'taglist', 'datetime'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const componentSchema = z.object({
  type: z.string(),
  key: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
  label: z.string().optional(),
  dateLabel: z.string().optional(),
  subtype: z.string().optional(),
  valuesKey: z.string().optional(),
  values: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  validate: z
    .object({ required: z.boolean().optional(), maxLength: z.number().int().positive().optional() })
    .optional(),
});

const formSchema = z.object({ id: z.string().optional(), components: z.array(componentSchema) });

export interface FormField {
  type: FieldType;
  key: string;
  label: string;
  required: boolean;
  maxLength: number | null;
  /** Fixed choices of the form, or null when they come from `valuesKey`. */
  values: { label: string; value: string }[] | null;
  valuesKey: string | null;
}

export interface TaskForm {
  formKey: string;
  fields: FormField[];
}

const cache = new Map<string, TaskForm | null>();

/** The form of `formKey`, or null when the process names no form or no such file is shipped. */
export async function loadTaskForm(formKey: string | null): Promise<TaskForm | null> {
  // Only plain names: a form key must never walk out of processes/forms.
  if (!formKey || !/^[a-z0-9][a-z0-9-]*$/i.test(formKey)) return null;
  if (cache.has(formKey)) return cache.get(formKey) ?? null;
  let form: TaskForm | null = null;
  try {
    const parsed = formSchema.parse(
      JSON.parse(await readFile(path.join(FORMS, `${formKey}.form.json`), 'utf8')),
    );
    form = {
      formKey,
      fields: parsed.components.flatMap((c): FormField[] =>
        c.key && (FIELD_TYPES as readonly string[]).includes(c.type)
          ? [
              {
                type: c.type as FieldType,
                key: c.key,
                label: c.label ?? c.dateLabel ?? c.key,
                required: c.validate?.required ?? false,
                maxLength: c.validate?.maxLength ?? null,
                values: c.values ?? null,
                valuesKey: c.valuesKey ?? null,
              },
            ]
          : [],
      ),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  cache.set(formKey, form);
  return form;
}
