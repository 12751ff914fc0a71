/**
 * The bpmnlint rule `kanceleja/deployable`: the server's deployment checks, run in the editor.
 * It walks the same scopes as engine/workflow/deployment/validateProcess.ts and asks the same
 * element rules (imported, not copied), so a shape is marked with the very message the server
 * would refuse it with. The server stays the judge: it also checks what needs the whole file
 * (unresolved references, namespaces, line numbers).
 */
import type { ModdleElement } from 'bpmn-moddle';
import {
  checkExtensions,
  checkScope,
  type Report,
} from '../../../engine/workflow/deployment/elementRules.js';
import { children } from '../../../engine/workflow/deployment/moddleAccess.js';

/** What bpmnlint hands a rule's `check`. */
export interface LintReporter {
  report(id: string, message: string): void;
}

function checkDefinitions(definitions: ModdleElement, report: Report): void {
  const processes = children(definitions, 'rootElements').filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((process) => process.isExecutable === true);
  if (processes.length === 0) report(definitions, 'The file contains no process.');
  else if (executable.length === 0) {
    report(definitions, 'No process is executable: mark the one to deploy as executable.');
  } else if (executable.length > 1) {
    report(definitions, 'More than one process is executable: deploy one executable process per file.');
  }
  for (const process of executable) {
    checkExtensions(process, report);
    checkScope(process, false, report);
  }
}

/** The rule factory in bpmnlint's shape: `check` is called for every node of the tree. */
export default function deployableRule() {
  return {
    check(node: ModdleElement, reporter: LintReporter): void {
      if (node.$type !== 'bpmn:Definitions') return;
      checkDefinitions(node, (element, message) => {
        const id = typeof element.id === 'string' ? element.id : String(node.id ?? 'Definitions');
        reporter.report(id, message);
      });
    },
  };
}
