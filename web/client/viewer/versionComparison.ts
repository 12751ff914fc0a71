/** Two versions of a process side by side: removed on the left, added on the right, changed on both. */
import { getJson } from '../shared/browserApi.js';
import { element, type Messages } from '../shared/pageMessages.js';
import { openDiagram } from './diagramViewer.js';

interface ComparedElement {
  id: string;
  name: string | null;
  type: string;
  changes?: string[];
}

interface Comparison {
  from: number;
  to: number;
  added: ComparedElement[];
  removed: ComparedElement[];
  changed: ComparedElement[];
}

const label = (e: ComparedElement) => `${e.name ?? e.id} (${e.type.replace(/^bpmn:/, '')})`;

function changeList(title: string, kind: string, elements: ComparedElement[]): HTMLElement {
  return element(
    'section',
    { 'data-change-kind': kind },
    element('h3', {}, `${title}: ${elements.length}`),
    element(
      'ul',
      {},
      ...elements.map((e) =>
        element(
          'li',
          { 'data-element-id': e.id, class: `kanceleja-${kind}` },
          label(e),
          e.changes && e.changes.length > 0 ? ` — ${e.changes.join(', ')}` : '',
        ),
      ),
    ),
  );
}

export async function showComparison(container: HTMLElement, t: Messages): Promise<void> {
  const key = encodeURIComponent(container.dataset.key ?? '');
  const from = container.dataset.from ?? '';
  const to = container.dataset.to ?? '';
  const [left, right, comparison] = await Promise.all([
    getJson<{ xml: string }>(`/api/processes/${key}/versions/${from}`),
    getJson<{ xml: string }>(`/api/processes/${key}/versions/${to}`),
    getJson<Comparison>(`/api/processes/${key}/compare?from=${from}&to=${to}`),
  ]);
  const [leftCanvas, rightCanvas] = [...container.querySelectorAll<HTMLElement>('[data-canvas]')];
  if (!leftCanvas || !rightCanvas) return;
  const before = await openDiagram(leftCanvas, left.xml);
  const after = await openDiagram(rightCanvas, right.xml);
  for (const e of comparison.removed) before.mark(e.id, 'kanceleja-removed');
  for (const e of comparison.added) after.mark(e.id, 'kanceleja-added');
  for (const e of comparison.changed) {
    before.mark(e.id, 'kanceleja-changed');
    after.mark(e.id, 'kanceleja-changed');
  }
  container
    .querySelector('[data-changes]')
    ?.replaceChildren(
      changeList(t('designer.added'), 'added', comparison.added),
      changeList(t('designer.removed'), 'removed', comparison.removed),
      changeList(t('designer.changed'), 'changed', comparison.changed),
    );
}
