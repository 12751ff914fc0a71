/**
 * Valid BPMN that other modelers write differently from Camunda Modeler, brought to the one form
 * that validation and bpmn-engine read. Applied to the parsed document (bpmn-moddle's elements)
 * before validating and before building the engine's definition, so that both see the same thing:
 *
 * - `<definitions>` without an id gets a stable one (bpmn-engine recovers a state by that id);
 * - an empty `<laneSet/>` gets an empty list of lanes;
 * - an event definition referenced with `<eventDefinitionRef>` counts as the event's own;
 * - a condition that declares FEEL as its language (`language="https://www.omg.org/spec/DMN/20191111/FEEL/"`)
 *   is FEEL: its body is read as if written after `=`.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { children } from './moddleAccess.js';

/** The language URIs (and plain names) that mean FEEL. */
export const isFeelLanguage = (language: string): boolean =>
  /(^|\/)feel\/?$|\/FEEL\/\d+\/?$/i.test(language.trim());

/** The id given to a `<definitions>` that has none: the same for the same XML, on every server. */
export const definitionsIdFor = (hash: string): string => `Definitions_${hash.slice(0, 16)}`;

/** bpmn-moddle types its elements read-only; normalising writes a few properties. */
const writable = (element: ModdleElement): Record<string, unknown> =>
  element as unknown as Record<string, unknown>;

const FLOW_CONTAINERS = new Set([
  'bpmn:Process',
  'bpmn:SubProcess',
  'bpmn:Transaction',
  'bpmn:AdHocSubProcess',
]);

function normalizeCondition(condition: unknown): void {
  if (typeof condition !== 'object' || condition === null) return;
  const expression = condition as { language?: unknown; body?: unknown };
  if (typeof expression.language !== 'string' || !isFeelLanguage(expression.language)) return;
  delete expression.language;
  if (typeof expression.body === 'string' && !expression.body.trim().startsWith('='))
    expression.body = `=${expression.body.trim()}`;
}

function normalizeScope(scope: ModdleElement): void {
  for (const laneSet of children(scope, 'laneSets')) normalizeLaneSet(laneSet);
  for (const element of children(scope, 'flowElements')) {
    const references = children(element, 'eventDefinitionRef');
    if (references.length > 0) {
      writable(element).eventDefinitions = [...children(element, 'eventDefinitions'), ...references];
      writable(element).eventDefinitionRef = [];
    }
    normalizeCondition(element.conditionExpression);
    const loop = element.loopCharacteristics as { completionCondition?: unknown } | undefined;
    if (loop) normalizeCondition(loop.completionCondition);
    if (FLOW_CONTAINERS.has(element.$type)) normalizeScope(element);
  }
}

function normalizeLaneSet(laneSet: ModdleElement): void {
  if (!Array.isArray(laneSet.lanes)) writable(laneSet).lanes = [];
  for (const lane of children(laneSet, 'lanes')) {
    const child = lane.childLaneSet as ModdleElement | undefined;
    if (child) normalizeLaneSet(child);
  }
}

/** Normalises the parsed `definitions` in place; `hash` is the SHA-256 of the XML. */
export function normalizeDefinitions(definitions: ModdleElement, hash: string): void {
  if (typeof definitions.id !== 'string' || definitions.id.trim() === '')
    writable(definitions).id = definitionsIdFor(hash);
  for (const root of children(definitions, 'rootElements')) {
    if (root.$type === 'bpmn:Process') normalizeScope(root);
  }
}
