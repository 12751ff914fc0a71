/**
 * Deployment validation: everything wrong with a BPMN file, found before anything is stored, so
 * that a process either runs as drawn or is refused with a list a designer can work through.
 * It never throws for bad input: malformed XML is a problem like any other.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { CAMUNDA_NAMESPACE } from '../camundaModdle.js';
import { checkExtensions, checkScope, type Report } from './elementRules.js';
import { child, children, displayName, text } from './moddleAccess.js';
import { hashDefinitionXml } from './definitionCache.js';
import { normalizeDefinitions } from './normalizeModdle.js';
import { lineLocator, parseBpmnXml } from './parseBpmnXml.js';

export interface ProcessProblem {
  elementId?: string;
  elementName?: string;
  /** Line (from 1) where the element is declared, or where the XML breaks. */
  line?: number;
  message: string;
}

export interface ProcessValidation {
  /** The id of the one executable process (the deployment key), or null when there is none or several. */
  processId: string | null;
  name: string | null;
  problems: ProcessProblem[];
}

const ACTIVITI_NAMESPACE = 'http://activiti.org/bpmn';

function checkProcess(process: ModdleElement, report: Report): void {
  checkExtensions(process, report);
  if (child(process, 'ioSpecification')) {
    report(process, 'Process data inputs and outputs are not executed: keep data in process variables.');
  }
  checkScope(process, false, report);
}

/** Whether `element` lies inside one of `processes` (moddle keeps the parent chain). */
function withinAny(element: ModdleElement | undefined, processes: Set<ModdleElement>): boolean {
  for (let at = element; at; at = at.$parent) if (processes.has(at)) return true;
  return false;
}

/** Validates a BPMN document for deployment; `problems` is empty when it may be deployed. */
export async function validateProcess(xml: string): Promise<ProcessValidation> {
  const parsed = await parseBpmnXml(xml);
  if (!parsed.ok) {
    return {
      processId: null,
      name: null,
      problems: [{ message: parsed.message, ...(parsed.line ? { line: parsed.line } : {}) }],
    };
  }
  normalizeDefinitions(parsed.definitions, hashDefinitionXml(xml));
  const lineOf = lineLocator(xml);
  const problems: ProcessProblem[] = [];
  const report: Report = (element, message) => {
    const id = typeof element.id === 'string' ? element.id : undefined;
    const name = displayName(element);
    const line = id ? lineOf(id) : undefined;
    problems.push({
      ...(id ? { elementId: id } : {}),
      ...(name ? { elementName: name } : {}),
      ...(line ? { line } : {}),
      message,
    });
  };

  const processes = children(parsed.definitions, 'rootElements').filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((process) => process.isExecutable === true);
  const describe = (process: ModdleElement) =>
    `"${String(process.id)}"${displayName(process) ? ` (${displayName(process)})` : ''}`;

  if (processes.length === 0) problems.push({ message: 'The file contains no process.' });
  else if (executable.length === 0) {
    problems.push({
      message: `No process is executable: mark the one to deploy with isExecutable="true" (found ${processes.map(describe).join(', ')}).`,
    });
  } else if (executable.length > 1) {
    problems.push({
      message: `More than one process is executable: ${executable.map(describe).join(', ')}. Deploy one executable process per file.`,
    });
  }

  const namespaces = Object.entries(parsed.definitions.$attrs ?? {}).filter(([key]) =>
    key.startsWith('xmlns:'),
  );
  const activiti = namespaces.find(([, uri]) => uri === ACTIVITI_NAMESPACE);
  if (activiti && executable.length > 0) {
    problems.push({
      message: `The namespace ${activiti[0]}="${ACTIVITI_NAMESPACE}" is the old Activiti one, whose attributes are not read: use ${CAMUNDA_NAMESPACE}.`,
    });
  }

  // What the reader left out would silently change the process: every dropped element is a problem.
  for (const dropped of parsed.dropped) {
    problems.push({
      ...(dropped.id ? { elementId: dropped.id } : {}),
      ...(dropped.line ? { line: dropped.line } : {}),
      message: `The element <${dropped.tag}>${dropped.id ? ` "${dropped.id}"` : ''} cannot be read (${dropped.reason}), so it would be left out and the process would run differently: correct or remove it.`,
    });
  }

  // With no executable process, the processes are checked all the same: every problem is listed at once.
  const checked = executable.length > 0 ? executable : processes;
  const executableSet = new Set(checked);
  for (const warning of parsed.warnings) {
    const reference = /^unresolved reference <(.+)>$/.exec(warning.message);
    if (reference && warning.element && withinAny(warning.element, executableSet)) {
      // The reader writes an empty reference (`sourceRef=""`) as <undefined>.
      report(
        warning.element,
        reference[1] === 'undefined'
          ? 'Has an empty reference: name the element it refers to.'
          : `Refers to "${reference[1]}", which does not exist in this file.`,
      );
    }
  }
  for (const process of checked) {
    if (!text(process, 'id')?.trim()) {
      problems.push({
        message: 'The executable process has no id: its id is the key versions are counted under.',
      });
    }
    checkProcess(process, report);
  }

  const [only] = executable;
  const key = executable.length === 1 && only ? (text(only, 'id') ?? null) : null;
  return { processId: key, name: only && key ? (displayName(only) ?? null) : null, problems };
}
