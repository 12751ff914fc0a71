/** A version's diagram with, on each activity, how many instances stand there and how many passed it. */
import { getJson } from '../shared/browserApi.js';
import { element, type Messages } from '../shared/pageMessages.js';
import { openDiagram } from './diagramViewer.js';

type Counts = Record<string, { active: number; completed: number }>;

/** Four shades, by the share of the busiest activity's instances. */
const heatLevel = (value: number, max: number): number => (max === 0 ? 0 : Math.ceil((value / max) * 4));

export async function showHeatMap(container: HTMLElement, t: Messages): Promise<void> {
  const key = encodeURIComponent(container.dataset.key ?? '');
  const version = container.dataset.version ?? '';
  const [detail, { counts }] = await Promise.all([
    getJson<{ xml: string }>(`/api/processes/${key}/versions/${version}`),
    getJson<{ counts: Counts }>(`/api/processes/${key}/versions/${version}/activity-counts`),
  ]);
  const canvas = container.querySelector<HTMLElement>('[data-canvas]') ?? container;
  const shown = await openDiagram(canvas, detail.xml);
  const max = Math.max(0, ...Object.values(counts).map((c) => c.active + c.completed));
  for (const [elementId, count] of Object.entries(counts)) {
    shown.mark(elementId, `kanceleja-heat-${heatLevel(count.active + count.completed, max)}`);
    shown.overlay(
      elementId,
      element(
        'div',
        {
          class: 'kanceleja-count',
          'data-count-for': elementId,
          title: t('designer.countsTitle', { active: count.active, completed: count.completed }),
        },
        `${count.active} / ${count.completed}`,
      ),
    );
  }
}
