/**
 * The read-only diagrams: where an instance stands (document card, instance view with history
 * and migration), two versions compared, and a version's heat map. Each container names what
 * it shows in `data-diagram`; without JavaScript the pages still list the steps as text.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import { pageMessages } from '../shared/pageMessages.js';
import { showComparison } from './versionComparison.js';
import { showHeatMap } from './heatMap.js';
import { showInstance } from './instanceDiagram.js';

for (const container of document.querySelectorAll<HTMLElement>('[data-diagram]')) {
  const t = pageMessages(container.closest<HTMLElement>('[data-messages]') ?? container);
  const shown =
    container.dataset.diagram === 'instance'
      ? showInstance(container, t)
      : container.dataset.diagram === 'compare'
        ? showComparison(container, t)
        : container.dataset.diagram === 'heatmap'
          ? showHeatMap(container, t)
          : Promise.resolve();
  shown
    .catch((error: Error) => {
      container.dataset.error = error.message;
      const note = container.querySelector('[data-diagram-status]');
      if (note) note.textContent = error.message;
    })
    .finally(() => {
      container.dataset.ready = 'true';
    });
}
