/** Repository port of the task forms deployed with a process version (see engine/workflow/designer/). */
import type { JsonObject } from './workflowPorts.js';

/** form-js schemas by form key. */
export type FormSchemas = Record<string, JsonObject>;

export interface ProcessFormRepository {
  /** Stores the forms of a newly inserted definition version (a version's forms never change). */
  insertAll(definitionId: string, forms: FormSchemas): Promise<void>;
  /** Every form of the version, by form key. */
  listByDefinition(definitionId: string): Promise<FormSchemas>;
  get(definitionId: string, formKey: string): Promise<JsonObject | null>;
}
