/**
 * The built-in services a BPMN service task may name. Diagrams never carry code: a service task
 * names one of these, Camunda 7 style, as an external task topic:
 *
 *   <serviceTask id="SetStatus" camunda:type="external" camunda:topic="setDocumentStatus" />
 *
 * Deployment refuses any other name (engine/workflow/deployment/validateProcess.ts); the runtime
 * implements each one with the use-case context, never with raw database handles.
 */
export const BUILT_IN_SERVICES = [
  /** Sets the status of the instance's document (its business key). */
  'setDocumentStatus',
  /** Sends a notification to people, roles or departments. */
  'notify',
  /** Appends an entry to the instance's history. */
  'appendHistory',
] as const;

export type ServiceName = (typeof BUILT_IN_SERVICES)[number];

export const isServiceName = (name: string): name is ServiceName =>
  (BUILT_IN_SERVICES as readonly string[]).includes(name);
