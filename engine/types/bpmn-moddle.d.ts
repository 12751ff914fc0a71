/**
 * The part of bpmn-moddle (shipped with bpmn-engine, no types of its own) that deployment uses:
 * parse BPMN XML into a tree of moddle elements.
 */
declare module 'bpmn-moddle' {
  /** One parsed element: `$type` such as `bpmn:UserTask`, and its attributes and children by name. */
  export interface ModdleElement {
    readonly $type: string;
    readonly $parent?: ModdleElement;
    /** Attributes moddle does not know, by qualified name (`xmlns:x`, `signavio:foo`). */
    readonly $attrs?: Record<string, string>;
    readonly [property: string]: unknown;
  }

  export interface ModdleWarning {
    message: string;
    element?: ModdleElement;
    property?: string;
    value?: unknown;
    error?: Error;
  }

  export interface ParseResult {
    rootElement: ModdleElement;
    warnings: ModdleWarning[];
    elementsById: Record<string, ModdleElement>;
    references: unknown[];
  }

  export type Definitions = ModdleElement;
  export type BaseElement = ModdleElement;

  export default class BpmnModdle {
    /** `packages` are moddle extensions, e.g. `{ camunda }`. */
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}
