/** Typed reading of bpmn-moddle elements, whose properties are untyped. */
import type { ModdleElement } from 'bpmn-moddle';

const isElement = (value: unknown): value is ModdleElement =>
  typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';

/** A string property, or an attribute moddle did not know (kept in `$attrs`). */
export function text(element: ModdleElement, property: string): string | undefined {
  const value = element[property] ?? element.$attrs?.[property];
  return typeof value === 'string' ? value : undefined;
}

export function child(element: ModdleElement, property: string): ModdleElement | undefined {
  const value = element[property];
  return isElement(value) ? value : undefined;
}

export function children(element: ModdleElement, property: string): ModdleElement[] {
  const value = element[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** The values inside `<extensionElements>`. */
export const extensionValues = (element: ModdleElement): ModdleElement[] => {
  const extensions = child(element, 'extensionElements');
  return extensions ? children(extensions, 'values') : [];
};

/** The body of a `<conditionExpression>`, `<timeDuration>`, … (formal) expression. */
export const expressionBody = (expression: ModdleElement | undefined): string | undefined =>
  expression ? text(expression, 'body') : undefined;

/** `bpmn:ExclusiveGateway` → `exclusive gateway`. */
export function humanType(type: string): string {
  const local = type.includes(':') ? type.slice(type.indexOf(':') + 1) : type;
  return local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** An element's name on one line (modelers keep the line breaks drawn in the shape). */
export function displayName(element: ModdleElement): string | undefined {
  const name = text(element, 'name')?.replace(/\s+/g, ' ').trim();
  return name ? name : undefined;
}
