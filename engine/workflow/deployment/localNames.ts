/**
 * Names of processes and their elements in the page's language. A diagram names an element in other
 * languages with Camunda extension properties, which Camunda Modeler and our designer's properties
 * panel edit and keep (see docs/designer.md, "Names in other languages"):
 *
 *   <userTask id="Resolution" name="Rezolūcija">
 *     <extensionElements>
 *       <camunda:properties>
 *         <camunda:property name="name:en" value="Resolution" />
 *         <camunda:property name="name:ru" value="Резолюция" />
 *       </camunda:properties>
 *     </extensionElements>
 *   </userTask>
 *
 * The element's `name` is the name in every other language. Tasks keep the name they were created
 * with; pages localise it when they show it: the names of a definition version are read from its XML
 * once and cached by the version's id (a version never changes), so no request parses XML twice.
 */
import type { ModdleElement } from 'bpmn-moddle';
import type { UseCaseContext } from '../../context.js';
import { children, displayName, extensionValues, text } from './moddleAccess.js';
import { parseBpmnXml } from './parseBpmnXml.js';

/** The property name prefix: `name:en`, `name:ru`, … */
export const NAME_PROPERTY_PREFIX = 'name:';

export interface LocalNames {
  /** The element's `name` (on one line), or null when it has none. */
  name: string | null;
  /** Language code → name, from its `name:<language>` properties. */
  names: Readonly<Record<string, string>>;
}

export interface DefinitionNames {
  /** The executable process (else the first process). */
  process: LocalNames | null;
  /** Every element with an id inside the processes: flow nodes, sequence flows, sub-processes' content. */
  elements: ReadonlyMap<string, LocalNames>;
}

/** The name of `names` in `language`, else its `name`, else `fallback`. */
export function nameIn(names: LocalNames | null | undefined, language: string, fallback: string): string;
export function nameIn(
  names: LocalNames | null | undefined,
  language: string,
  fallback: string | null,
): string | null;
export function nameIn(
  names: LocalNames | null | undefined,
  language: string,
  fallback: string | null,
): string | null {
  return names?.names[language] ?? names?.name ?? fallback;
}

/** An element's `name:<language>` extension properties (blank values ignored). */
export function elementLocalNames(element: ModdleElement): LocalNames {
  const names: Record<string, string> = {};
  for (const value of extensionValues(element)) {
    if (value.$type !== 'camunda:Properties') continue;
    for (const property of children(value, 'values')) {
      const key = text(property, 'name')?.trim() ?? '';
      const name = text(property, 'value')?.replace(/\s+/g, ' ').trim() ?? '';
      if (!key.startsWith(NAME_PROPERTY_PREFIX) || name === '') continue;
      const language = key.slice(NAME_PROPERTY_PREFIX.length).trim().toLowerCase();
      if (language !== '' && !(language in names)) names[language] = name;
    }
  }
  return { name: displayName(element) ?? null, names };
}

/** The names of every element of a parsed BPMN document. */
export function definitionNamesOf(definitions: ModdleElement): DefinitionNames {
  const elements = new Map<string, LocalNames>();
  const visit = (scope: ModdleElement): void => {
    for (const element of children(scope, 'flowElements')) {
      const id = text(element, 'id');
      if (id) elements.set(id, elementLocalNames(element));
      visit(element);
    }
  };
  const processes = children(definitions, 'rootElements').filter((root) => root.$type === 'bpmn:Process');
  const main = processes.find((process) => process.isExecutable === true) ?? processes[0];
  for (const process of processes) {
    const id = text(process, 'id');
    if (id) elements.set(id, elementLocalNames(process));
    visit(process);
  }
  return { process: main ? elementLocalNames(main) : null, elements };
}

const EMPTY: DefinitionNames = { process: null, elements: new Map() };

/** Parses `xml` for its names; a file that cannot be read has none (its stored names are shown). */
export async function definitionNamesFromXml(xml: string): Promise<DefinitionNames> {
  const parsed = await parseBpmnXml(xml);
  return parsed.ok ? definitionNamesOf(parsed.definitions) : EMPTY;
}

/** Enough for every version a server shows at once; older entries are read again if ever needed. */
const CACHE_LIMIT = 512;
const cache = new Map<string, Promise<DefinitionNames>>();

/** The names of the definition version `definitionId`, read once per version. */
export function definitionNames(
  ctx: Pick<UseCaseContext, 'store'>,
  definitionId: string,
): Promise<DefinitionNames> {
  const cached = cache.get(definitionId);
  if (cached) {
    cache.delete(definitionId);
    cache.set(definitionId, cached);
    return cached;
  }
  const loading = ctx.store.processDefinitions
    .get(definitionId)
    .then((definition) => (definition ? definitionNamesFromXml(definition.xml) : EMPTY));
  cache.set(definitionId, loading);
  loading.catch(() => cache.delete(definitionId));
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return loading;
}

/** Versions of each key, newest first: read once per call (versions are added by deployments). */
function versionLister(ctx: Pick<UseCaseContext, 'store'>) {
  const versions = new Map<string, Promise<string[]>>();
  return (key: string): Promise<string[]> => {
    let found = versions.get(key);
    if (!found) {
      found = ctx.store.processDefinitions
        .listVersions(key)
        .then((list) => [...list].sort((a, b) => b.version - a.version).map((v) => v.id));
      versions.set(key, found);
    }
    return found;
  };
}

const sameName = (stored: string, names: LocalNames, elementId: string): boolean =>
  stored.replace(/\s+/g, ' ').trim() === (names.name ?? elementId);

/** What a task (or a history line about an element) stored: its process, element and name. */
export interface NamedElement {
  processKey: string;
  elementId: string;
  name: string;
}

/**
 * The names of tasks (or other elements) in `language`, in the order given. A task's stored name
 * is its element's name in the version it was created from; the newest version of its process whose
 * element of that id still has that name gives the translation, so that a task of an older version
 * whose step was renamed since keeps its own name. Without a translation: the stored name.
 */
export async function localElementNames(
  ctx: Pick<UseCaseContext, 'store'>,
  language: string,
  items: readonly NamedElement[],
): Promise<string[]> {
  const versionsOf = versionLister(ctx);
  const result: string[] = [];
  const memo = new Map<string, string>();
  for (const item of items) {
    const memoKey = JSON.stringify([item.processKey, item.elementId, item.name]);
    let local = memo.get(memoKey);
    if (local === undefined) {
      local = item.name;
      for (const id of await versionsOf(item.processKey)) {
        const names = (await definitionNames(ctx, id)).elements.get(item.elementId);
        if (names && sameName(item.name, names, item.elementId)) {
          local = names.names[language] ?? item.name;
          break;
        }
      }
      memo.set(memoKey, local);
    }
    result.push(local);
  }
  return result;
}

/** The name of each process key's latest version in `language` (else its name; null without one). */
export async function localProcessNames(
  ctx: Pick<UseCaseContext, 'store'>,
  language: string,
  keys: Iterable<string>,
): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  for (const key of new Set(keys)) {
    const latest = await ctx.store.processDefinitions.latestId(key);
    result.set(key, latest ? nameIn((await definitionNames(ctx, latest)).process, language, null) : null);
  }
  return result;
}

/** The names of one definition version's elements in `language` (elements without a name are left out). */
export async function localDefinitionNames(
  ctx: Pick<UseCaseContext, 'store'>,
  language: string,
  definitionId: string,
): Promise<{ process: string | null; elements: Map<string, string> }> {
  const names = await definitionNames(ctx, definitionId);
  const elements = new Map<string, string>();
  for (const [id, element] of names.elements) {
    const name = nameIn(element, language, null);
    if (name !== null) elements.set(id, name);
  }
  return { process: nameIn(names.process, language, null), elements };
}
