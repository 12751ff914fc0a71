/**
 * Names in the page's language from a diagram's XML: a process and its elements name themselves in
 * other languages with Camunda extension properties `name:<language>` (see docs/designer.md, "Names
 * in other languages"; the server reads them the same way in engine/workflow/deployment/localNames.ts).
 * The element's `name` stays the name in every other language.
 */
const CAMUNDA = 'http://camunda.org/schema/1.0/bpmn';
/** bpmn-js's own width for a new external label. */
const LABEL_WIDTH = 90;

/** The page's language, as the server rendered it on `<html lang>`. */
export const pageLanguage = (): string => document.documentElement.lang || 'lv';

/** Each element `name:<language>` names, by the XML element's id, with that XML element. */
function translated(document: Document, language: string): Map<string, { owner: Element; name: string }> {
  const result = new Map<string, { owner: Element; name: string }>();
  for (const property of document.getElementsByTagNameNS(CAMUNDA, 'property')) {
    if (property.getAttribute('name')?.trim().toLowerCase() !== `name:${language}`) continue;
    const name = (property.getAttribute('value') ?? '').replace(/\s+/g, ' ').trim();
    // <element><extensionElements><camunda:properties><camunda:property>
    const owner = property.parentElement?.parentElement?.parentElement;
    const id = owner?.getAttribute('id');
    if (!owner || !id || name === '' || result.has(id)) continue;
    result.set(id, { owner, name });
  }
  return result;
}

function parse(xml: string): Document | null {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  return document.getElementsByTagName('parsererror').length > 0 ? null : document;
}

/** Element id → its name in `language`, for the elements that have one. */
export function localNames(xml: string, language: string = pageLanguage()): Map<string, string> {
  const document = parse(xml);
  if (!document) return new Map();
  return new Map([...translated(document, language)].map(([id, { name }]) => [id, name]));
}

/**
 * The XML with each element's `name` replaced by its name in `language`: for the read-only views,
 * whose shapes then speak the page's language. The XML is returned unchanged when nothing is named
 * in `language` (or it cannot be read: the viewer reports that).
 */
export function inLanguage(xml: string, language: string = pageLanguage()): string {
  const document = parse(xml);
  if (!document) return xml;
  const names = translated(document, language);
  if (names.size === 0) return xml;
  for (const { owner, name } of names.values()) owner.setAttribute('name', name);
  // External labels (events, gateways, flows) were sized for the names as drawn: a longer word in
  // another language would break inside it, so a narrow label gets room around its middle.
  for (const shape of [
    ...document.getElementsByTagNameNS('*', 'BPMNShape'),
    ...document.getElementsByTagNameNS('*', 'BPMNEdge'),
  ]) {
    if (!names.has(shape.getAttribute('bpmnElement') ?? '')) continue;
    const bounds = shape
      .getElementsByTagNameNS('*', 'BPMNLabel')[0]
      ?.getElementsByTagNameNS('*', 'Bounds')[0];
    const x = Number(bounds?.getAttribute('x'));
    const width = Number(bounds?.getAttribute('width'));
    if (!bounds || !Number.isFinite(x) || !Number.isFinite(width) || width >= LABEL_WIDTH) continue;
    bounds.setAttribute('x', String(Math.round(x + width / 2 - LABEL_WIDTH / 2)));
    bounds.setAttribute('width', String(LABEL_WIDTH));
  }
  return new XMLSerializer().serializeToString(document);
}
