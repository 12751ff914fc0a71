/**
 * The `/designer` pages' bundle: the process list, and the modeler with its properties panel,
 * lint, form editor and deploy button. The server renders `<div id='designer' data-view=…>`.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import { pageMessages } from '../shared/pageMessages.js';
import { startEditor } from './designerEditor.js';
import { showProcessList } from './processList.js';

const root = document.getElementById('designer');
if (root) {
  const t = pageMessages(root);
  const csrfToken = root.dataset.csrf ?? '';
  if (root.dataset.view === 'list') void showProcessList(root, t);
  else void startEditor(root, t, csrfToken);
}
