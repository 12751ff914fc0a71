/**
 * What changed between two versions of a process: elements added, removed, and changed in what
 * the engine reads (attributes incl. camunda:*, conditions, timers, messages, wiring). The diagram
 * interchange (shapes, waypoints) is never compared: moving a shape is not a change.
 * bpmn-js-differ was tried first: it flags nested changes (a condition body, a camunda input
 * parameter) without saying what changed, and reports attribute values the wrong way round.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { Invalid } from '../../errors.js';
import { children } from '../deployment/moddleAccess.js';
import { parseBpmnXml } from '../deployment/parseBpmnXml.js';

export interface DiagramElement {
  id: string;
  name: string | null;
  /** The moddle type, e.g. `bpmn:UserTask`. */
  type: string;
}

export interface ChangedElement extends DiagramElement {
  /** One line per changed property: `candidateGroups: head → legal`. */
  changes: string[];
}

export interface DefinitionComparison {
  added: DiagramElement[];
  removed: DiagramElement[];
  changed: ChangedElement[];
}

/** Properties that hold other elements (compared as elements of their own) or only layout. */
const SKIPPED = new Set([
  '$type',
  'id',
  'flowElements',
  'laneSets',
  'artifacts',
  'di',
  'incoming',
  'outgoing',
]);
/** References moddle keeps as objects (not enumerable): compared by the id they point to. */
const REFERENCES = [
  'sourceRef',
  'targetRef',
  'attachedToRef',
  'default',
  'messageRef',
  'signalRef',
  'errorRef',
  'escalationRef',
];
const MAX_VALUE = 120;

const isModdle = (value: unknown): value is ModdleElement =>
  typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';

function flatten(element: ModdleElement, path: string, out: Map<string, string>): void {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  for (const [key, value] of Object.entries(element)) {
    if (SKIPPED.has(key) || key.startsWith('$')) continue;
    flattenValue(value, at(key), out);
  }
  for (const [key, value] of Object.entries(element.$attrs ?? {})) {
    if (!key.startsWith('xmlns')) out.set(at(key), String(value));
  }
  for (const key of REFERENCES) {
    const target: unknown = element[key];
    if (isModdle(target) && typeof target.id === 'string') out.set(at(key), target.id);
  }
}

function flattenValue(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) value.forEach((item, index) => flattenValue(item, `${path}[${index}]`, out));
  else if (isModdle(value)) {
    out.set(path, value.$type);
    flatten(value, path, out);
  } else if (value !== undefined && value !== null) out.set(path, String(value));
}

/** Every element of the executable process(es) and their sub-processes, by id, with the process itself. */
function elementsOf(definitions: ModdleElement): Map<string, ModdleElement> {
  const found = new Map<string, ModdleElement>();
  const visit = (scope: ModdleElement) => {
    for (const element of [...children(scope, 'flowElements'), ...children(scope, 'artifacts')]) {
      if (typeof element.id === 'string') found.set(element.id, element);
      if (children(element, 'flowElements').length > 0) visit(element);
    }
  };
  for (const root of children(definitions, 'rootElements')) {
    if (root.$type !== 'bpmn:Process') continue;
    if (typeof root.id === 'string') found.set(root.id, root);
    visit(root);
  }
  return found;
}

const short = (value: string | undefined): string => {
  if (value === undefined) return '—';
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > MAX_VALUE ? `${line.slice(0, MAX_VALUE - 1)}…` : line;
};

const present = (element: ModdleElement): DiagramElement => ({
  id: String(element.id),
  name: typeof element.name === 'string' ? element.name : null,
  type: element.$type,
});

async function parse(xml: string, which: string): Promise<ModdleElement> {
  const parsed = await parseBpmnXml(xml);
  if (!parsed.ok) throw new Invalid(`The ${which} version cannot be read: ${parsed.message}`);
  return parsed.definitions;
}

export async function compareDefinitions(fromXml: string, toXml: string): Promise<DefinitionComparison> {
  const before = elementsOf(await parse(fromXml, 'first'));
  const after = elementsOf(await parse(toXml, 'second'));
  const comparison: DefinitionComparison = { added: [], removed: [], changed: [] };
  for (const [id, element] of after) if (!before.has(id)) comparison.added.push(present(element));
  for (const [id, element] of before) {
    const now = after.get(id);
    if (!now) {
      comparison.removed.push(present(element));
      continue;
    }
    const old = new Map<string, string>([['type', element.$type]]);
    const current = new Map<string, string>([['type', now.$type]]);
    flatten(element, '', old);
    flatten(now, '', current);
    const changes = [...new Set([...old.keys(), ...current.keys()])]
      .filter((key) => old.get(key) !== current.get(key))
      .map((key) => `${key}: ${short(old.get(key))} → ${short(current.get(key))}`);
    if (changes.length > 0) comparison.changed.push({ ...present(now), changes });
  }
  return comparison;
}

/** The elements of a process version by id (id, name, type): what migration and the instance view look up. */
export async function diagramElements(xml: string): Promise<Map<string, DiagramElement>> {
  const elements = elementsOf(await parse(xml, 'stored'));
  return new Map([...elements].map(([id, element]) => [id, present(element)]));
}

/** What must match for an instance waiting at an element to wait at the same element of another version. */
export interface WaitTraits extends DiagramElement {
  multiInstance: boolean;
  /** `bpmn:TimerEventDefinition`, `bpmn:MessageEventDefinition`, … */
  eventDefinitions: string[];
  /** The activity a boundary event is attached to. */
  attachedTo: string | null;
}

export async function waitTraits(xml: string): Promise<Map<string, WaitTraits>> {
  const elements = elementsOf(await parse(xml, 'stored'));
  return new Map(
    [...elements].map(([id, element]) => {
      const attached: unknown = element.attachedToRef;
      return [
        id,
        {
          ...present(element),
          multiInstance: isModdle(element.loopCharacteristics),
          eventDefinitions: children(element, 'eventDefinitions').map((definition) => definition.$type),
          attachedTo: isModdle(attached) && typeof attached.id === 'string' ? attached.id : null,
        },
      ];
    }),
  );
}
