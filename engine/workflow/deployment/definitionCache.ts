/**
 * Parsed process definitions, cached by the SHA-256 of their XML, so that starting or recovering an
 * instance never parses XML again (parsing costs about 1 ms; a cached context costs nothing).
 *
 * Use:
 *
 *   const { sourceContext } = await getParsedDefinition(definition.hash, definition.xml);
 *   const engine = new Engine({ sourceContext, moddleOptions: { camunda: camundaModdle },
 *                               expressions: bpmnExpressions, … });
 *
 * To recover a stored instance from the same context, drop `definitions[i].source` from the state
 * before storing it (bpmn-engine writes the whole serialized context, ~4 KB, into every state) and
 * pass `sourceContext` to the new Engine: `recover()` falls back to it when the state has no source.
 *
 * The context is shared between engines and must be treated as read-only; bpmn-elements only reads it.
 * It is built with bpmn-elements' own element types (timers on the session's clock), so an Engine
 * given a custom `elements` option must not use it.
 */
import { createHash } from 'node:crypto';
import * as Elements from 'bpmn-elements';
import BpmnModdle from 'bpmn-moddle';
import serializer, { type SerializableContext, TypeResolver } from 'moddle-context-serializer';
import { ClockedTimerEventDefinition } from '../runtime/clockedTimerEventDefinition.js';
import { camundaModdle } from '../camundaModdle.js';
import { normalizeDefinitions } from './normalizeModdle.js';

export interface ParsedDefinition {
  /** SHA-256 of the XML, hex. */
  hash: string;
  /** For `new Engine({ sourceContext })`. Read-only and shared. */
  sourceContext: SerializableContext;
}

/** The hash definitions are stored and cached under. */
export const hashDefinitionXml = (xml: string): string => createHash('sha256').update(xml).digest('hex');

/** Enough for every version a server runs at once; older entries are parsed again if ever needed. */
const CACHE_LIMIT = 256;
const cache = new Map<string, Promise<ParsedDefinition>>();

// Timers read the use case's clock, not the wall clock: see clockedTimerEventDefinition.ts.
const typeResolver = TypeResolver({ ...Elements, TimerEventDefinition: ClockedTimerEventDefinition });

async function parse(hash: string, xml: string): Promise<ParsedDefinition> {
  const moddle = new BpmnModdle({ camunda: camundaModdle });
  const moddleContext = await moddle.fromXML(xml.trim());
  // Foreign but valid forms (no definitions id, empty lane sets, referenced event definitions,
  // FEEL declared as a language) in the one form bpmn-engine reads: see normalizeModdle.ts.
  normalizeDefinitions(moddleContext.rootElement, hash);
  // The serializer takes the whole parse result (rootElement, references, …), not only what its
  // typings call `Definitions`.
  const input = moddleContext as unknown as Parameters<typeof serializer>[0];
  return { hash, sourceContext: serializer(input, typeResolver) };
}

/**
 * The parsed definition of `xml`. Throws when `hash` is not the hash of `xml` (a caller bug that
 * would otherwise poison the cache) or when bpmn-engine cannot load the XML.
 */
export function getParsedDefinition(hash: string, xml: string): Promise<ParsedDefinition> {
  const cached = cache.get(hash);
  if (cached) {
    // Refresh its place: the map's order is the eviction order.
    cache.delete(hash);
    cache.set(hash, cached);
    return cached;
  }
  if (hashDefinitionXml(xml) !== hash) {
    return Promise.reject(new Error(`definition hash ${hash} does not match its XML`));
  }
  const parsed = parse(hash, xml);
  cache.set(hash, parsed);
  // A failed parse is not remembered: the next call tries again and reports the error again.
  parsed.catch(() => cache.delete(hash));
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return parsed;
}
