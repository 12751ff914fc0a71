/**
 * Parses BPMN XML with bpmn-moddle and the Camunda extension, turning a malformed document into a
 * readable problem with its line instead of an exception.
 */
import BpmnModdle, { type ModdleElement, type ModdleWarning } from 'bpmn-moddle';
import { camundaModdle } from '../camundaModdle.js';

/** An element the XML reader could not read and left out of the model. */
export interface DroppedElement {
  /** The element's tag as written, such as `terminateEventDefinition`. */
  tag: string;
  id?: string;
  line?: number;
  reason: string;
}

export type ParsedBpmn =
  | { ok: true; definitions: ModdleElement; warnings: ModdleWarning[]; dropped: DroppedElement[] }
  | { ok: false; message: string; line?: number };

/** saxen reports `line: N` and `column: N` counted from 0 in its message. */
function describeParseError(error: unknown, lineShift: number): { message: string; line?: number } {
  const text = error instanceof Error ? error.message : String(error);
  const line = /\bline: (\d+)/.exec(text);
  const column = /\bcolumn: (\d+)/.exec(text);
  const nested = /nested error: (.+)/.exec(text);
  const detected = /unparsable content (.+?) detected/.exec(text);
  const reason = [nested?.[1], detected?.[1] && `at ${detected[1].trim().slice(0, 60)}`]
    .filter(Boolean)
    .join(' ');
  const lineNumber = line ? Number(line[1]) + 1 + lineShift : undefined;
  const where = lineNumber ? ` (line ${lineNumber}${column ? `, column ${Number(column[1]) + 1}` : ''})` : '';
  return {
    message: `The XML is not well-formed: ${reason || text.split('\n')[0]}${where}.`,
    ...(lineNumber ? { line: lineNumber } : {}),
  };
}

export async function parseBpmnXml(xml: string): Promise<ParsedBpmn> {
  const source = xml.trimStart();
  if (source.trim() === '') return { ok: false, message: 'The file is empty.' };
  // Leading blank lines are dropped (an XML declaration must come first); lines still count from the file.
  const lineShift = xml.slice(0, xml.length - source.length).split('\n').length - 1;
  // A DOCTYPE declares entities (external ones reach files and URLs, nested ones multiply a few
  // bytes into gigabytes); no modeler writes one into a BPMN file, so none is read.
  const doctype = /<!DOCTYPE/i.exec(source);
  if (doctype) {
    const line = source.slice(0, doctype.index).split('\n').length + lineShift;
    return {
      ok: false,
      message: `The file declares a DOCTYPE (line ${line}): BPMN files carry none, and it is not read. Remove the <!DOCTYPE …> declaration.`,
      line,
    };
  }
  try {
    const moddle = new BpmnModdle({ camunda: camundaModdle });
    const { rootElement, warnings } = await moddle.fromXML(source);
    if (rootElement?.$type !== 'bpmn:Definitions') {
      return { ok: false, message: 'The file is not a BPMN 2.0 document: its root must be <definitions>.' };
    }
    return {
      ok: true,
      definitions: rootElement,
      warnings,
      dropped: droppedElements(xml, warnings, lineShift),
    };
  } catch (error) {
    return { ok: false, ...describeParseError(error, lineShift) };
  }
}

/**
 * bpmn-moddle leaves out what it cannot read (an unknown element, an id that is no XML name) with
 * only a warning: `unparsable content <tag> detected`, the line and column counted from 0.
 */
function droppedElements(xml: string, warnings: ModdleWarning[], lineShift: number): DroppedElement[] {
  const lines = xml.split('\n');
  return warnings.flatMap((warning) => {
    const text = warning.message;
    const tag = /^unparsable content <([^>\s]+)> detected/.exec(text)?.[1];
    if (!tag) return [];
    const lineMatch = /\bline: (\d+)/.exec(text);
    const column = Number(/\bcolumn: (\d+)/.exec(text)?.[1] ?? 0);
    const reason = (/nested error: (.+)/.exec(text)?.[1] ?? 'it is not BPMN 2.0').trim();
    const line = lineMatch ? Number(lineMatch[1]) + 1 + lineShift : undefined;
    const written = line ? (lines[line - 1] ?? '').slice(column) : '';
    const id = /^<[^>]*?\sid\s*=\s*["']([^"']*)["']/.exec(written)?.[1];
    return [{ tag, reason, ...(id ? { id } : {}), ...(line ? { line } : {}) }];
  });
}

/** Finds the line (from 1) where the element with a given id is declared. */
export function lineLocator(xml: string): (id: string) => number | undefined {
  const lineStarts = [0];
  for (let at = xml.indexOf('\n'); at >= 0; at = xml.indexOf('\n', at + 1)) lineStarts.push(at + 1);
  const lineAt = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
  return (id) => {
    const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`\\sid\\s*=\\s*(["'])${escaped}\\1`).exec(xml);
    return match ? lineAt(match.index + 1) : undefined;
  };
}
