/**
 * Task forms: the @bpmn-io/form-js JSON deployed with the task's process version (see
 * engine/workflow/designer/processForms.ts), or for versions deployed before forms were versioned,
 * processes/forms/<formKey>.form.json. The pages render the inputs and display components
 * processForms.ts lists; deployment refuses any other, so none is dropped silently (a form stored
 * before that check keeps its unknown components listed in `unsupported`, and the page says so).
 * The server never accepts a field it did not show.
 *
 * Labels in other languages are the components' custom properties (the form-js editor's "Custom
 * properties"): `label:<language>` for a field, `text:<language>` for a `text` component and
 * `option:<value>:<language>` for a fixed choice; `label`, `text` and a choice's `label` are the
 * label in every language without one (docs/designer.md, "Form labels in other languages").
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Repositories } from '../store/ports.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { DISPLAY_COMPONENTS } from '../workflow/designer/processForms.js';

const FORMS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'processes', 'forms');

export const FIELD_TYPES = [
  'radio',
  'textarea',
  'textfield',
  'select',
  'taglist',
  'datetime',
  'number',
  'checkbox',
  'checklist',
  'text',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

interface Component {
  type: string;
  key?: string | undefined;
  label?: string | undefined;
  dateLabel?: string | undefined;
  subtype?: string | undefined;
  text?: string | undefined;
  components?: Component[] | undefined;
  valuesKey?: string | undefined;
  values?: { label: string; value: string }[] | undefined;
  properties?: unknown;
  validate?:
    | {
        required?: boolean | undefined;
        maxLength?: number | undefined;
        min?: number | undefined;
        max?: number | undefined;
      }
    | undefined;
}

const componentSchema: z.ZodType<Component> = z.object({
  type: z.string(),
  key: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
  label: z.string().optional(),
  dateLabel: z.string().optional(),
  subtype: z.string().optional(),
  text: z.string().optional(),
  get components() {
    return z.array(componentSchema).optional();
  },
  valuesKey: z.string().optional(),
  values: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  // form-js keeps custom properties as texts; anything else is ignored, never refused.
  properties: z.unknown().optional(),
  validate: z
    .object({
      required: z.boolean().optional(),
      maxLength: z.number().int().positive().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .optional(),
});

const formSchema = z.object({ id: z.string().optional(), components: z.array(componentSchema) });

/** Language code → label, from the component's custom properties. */
export type LocalLabels = Readonly<Record<string, string>>;

/** A fixed choice of a form: its value, its label and its labels in other languages. */
export interface FormChoice {
  label: string;
  value: string;
  labels: LocalLabels;
}

export interface FormField {
  type: FieldType;
  key: string;
  /** The form's own label (the text of a `text` component): the label in every other language. */
  label: string;
  /** The label in other languages (`label:<language>`, `text:<language>` for a `text` component). */
  labels: LocalLabels;
  required: boolean;
  maxLength: number | null;
  /** Bounds of a number field. */
  min: number | null;
  max: number | null;
  /** Fixed choices of the form, or null when they come from `valuesKey`. */
  values: FormChoice[] | null;
  valuesKey: string | null;
}

/** A field's label in `language`, else the form's own label. */
export const fieldLabel = (field: Pick<FormField, 'label' | 'labels'>, language: string): string =>
  field.labels[language] ?? field.label;

/** A fixed choice's label in `language`, else its own label. */
export const optionLabel = (choice: { label: string; labels?: LocalLabels }, language: string): string =>
  choice.labels?.[language] ?? choice.label;

/** The `<prefix><language>` custom properties of a component (blank ones ignored). */
function localLabels(properties: unknown, prefix: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return labels;
  for (const [name, value] of Object.entries(properties as Record<string, unknown>)) {
    if (!name.startsWith(prefix) || typeof value !== 'string' || !value.trim()) continue;
    const language = name.slice(prefix.length);
    if (/^[a-z]{2,3}$/.test(language)) labels[language] = value;
  }
  return labels;
}

export interface TaskForm {
  formKey: string;
  /** Inputs and `text` components, groups flattened, in the form's order. */
  fields: FormField[];
  /** Components of a form stored before deployment refused them, which the page cannot ask. */
  unsupported: string[];
}

const cache = new Map<string, TaskForm | null>();
/** A deployed version's forms never change: parsed once per (definition, form key). */
const versionCache = new Map<string, TaskForm>();
const VERSION_CACHE_LIMIT = 500;

/** The process version whose forms a task shows: the definition its instance runs on. */
export interface FormVersion {
  forms: Pick<Repositories['processForms'], 'get'>;
  definitionId: string;
}

export function toTaskForm(formKey: string, schema: unknown): TaskForm {
  const parsed = formSchema.parse(schema);
  const fields: FormField[] = [];
  const unsupported: string[] = [];
  const walk = (components: Component[]) => {
    for (const c of components) {
      if (c.type === 'group') walk(c.components ?? []);
      else if (c.type === 'text') {
        if (c.text?.trim()) {
          fields.push({
            ...blank,
            type: 'text',
            key: '',
            label: c.text,
            labels: localLabels(c.properties, 'text:'),
          });
        }
      } else if ((FIELD_TYPES as readonly string[]).includes(c.type) && c.key) {
        fields.push({
          type: c.type as FieldType,
          key: c.key,
          label: c.label ?? c.dateLabel ?? c.key,
          labels: localLabels(c.properties, 'label:'),
          required: c.validate?.required ?? false,
          maxLength: c.validate?.maxLength ?? null,
          min: c.validate?.min ?? null,
          max: c.validate?.max ?? null,
          values:
            c.values?.map((choice) => ({
              label: choice.label,
              value: choice.value,
              labels: localLabels(c.properties, `option:${choice.value}:`),
            })) ?? null,
          valuesKey: c.valuesKey ?? null,
        });
      } else if (!DISPLAY_COMPONENTS.includes(c.type))
        unsupported.push(c.key ? `${c.type} "${c.key}"` : c.type);
    }
  };
  walk(parsed.components);
  // "File to case" names its case file (engine/records/resolution.ts): a resolution form deployed
  // before the field was shipped gets it after the decision, so that the decision can be given.
  if (formKey === 'resolution' && !fields.some((f) => f.key === 'caseFileId')) {
    const at = fields.findIndex((f) => f.key === 'decision') + 1;
    fields.splice(at, 0, {
      ...blank,
      type: 'select',
      key: 'caseFileId',
      label: 'Lieta',
      labels: {},
      valuesKey: 'caseFiles',
    });
  }
  return { formKey, fields, unsupported };
}

const blank = { required: false, maxLength: null, min: null, max: null, values: null, valuesKey: null };

/**
 * The form of `formKey`: the one deployed with `version` when given and stored, else the shipped
 * file; null when the process names no form or there is none.
 */
export async function loadTaskForm(formKey: string | null, version?: FormVersion): Promise<TaskForm | null> {
  // Only plain names: a form key must never walk out of processes/forms.
  if (!formKey || !/^[a-z0-9][a-z0-9_-]*$/i.test(formKey)) return null;
  if (version) {
    const cacheKey = `${version.definitionId}/${formKey}`;
    const cached = versionCache.get(cacheKey);
    if (cached) return cached;
    const schema = await version.forms.get(version.definitionId, formKey);
    if (schema) {
      const form = toTaskForm(formKey, schema);
      if (versionCache.size >= VERSION_CACHE_LIMIT) versionCache.clear();
      versionCache.set(cacheKey, form);
      return form;
    }
  }
  if (cache.has(formKey)) return cache.get(formKey) ?? null;
  let form: TaskForm | null = null;
  try {
    form = toTaskForm(formKey, JSON.parse(await readFile(path.join(FORMS, `${formKey}.form.json`), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  cache.set(formKey, form);
  return form;
}

/** The form of `task`, as deployed with the process version its instance runs on. */
export async function loadFormOfTask(
  { store }: { store: Pick<Repositories, 'processInstances' | 'processForms'> },
  task: Pick<TaskRecord, 'formKey' | 'instanceId'>,
): Promise<TaskForm | null> {
  if (!task.formKey) return null;
  const instance = await store.processInstances.get(task.instanceId);
  return loadTaskForm(
    task.formKey,
    instance ? { forms: store.processForms, definitionId: instance.definitionId } : undefined,
  );
}
