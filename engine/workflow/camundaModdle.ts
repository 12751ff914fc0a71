/**
 * The Camunda 7 moddle extension (`camunda:*` attributes and elements). Pass it as
 * `moddleOptions: { camunda: camundaModdle }` to bpmn-moddle or bpmn-engine: without it every
 * `camunda:assignee`, `camunda:candidateGroups`, … is dropped while parsing.
 */
import { createRequire } from 'node:module';

/** A moddle package descriptor (JSON); its inner shape matters only to moddle. */
export type ModdlePackage = Readonly<Record<string, unknown>>;

// The package exports only `resources/*` files, and a JSON import attribute is not yet portable
// across our runners (tsx, ts-jest ESM), so it is read through require.
const require = createRequire(import.meta.url);

export const camundaModdle: ModdlePackage = require('camunda-bpmn-moddle/resources/camunda.json');

/** The namespace URI Camunda Modeler writes for `camunda:*`. */
export const CAMUNDA_NAMESPACE = 'http://camunda.org/schema/1.0/bpmn';
