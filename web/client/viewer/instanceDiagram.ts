/**
 * One instance's diagram: completed activities marked, current ones highlighted. On the
 * instance view (`data-history`, `data-migrate`) also the history list and the migration form.
 */
import { callApi, getJson } from '../shared/browserApi.js';
import { inLanguage, localNames } from '../shared/localNames.js';
import { element, type Messages } from '../shared/pageMessages.js';
import { pageDateTime } from '../shared/pageTime.js';
import { openDiagram } from './diagramViewer.js';

interface InstanceDiagram {
  instanceId: string;
  key: string;
  version: number;
  status: string;
  xml: string;
  active: string[];
  completed: string[];
  history: {
    at: string;
    elementId: string | null;
    elementName: string | null;
    event: string;
    /** A note's words (an appendHistory service). */
    text: string | null;
    /** A migration's versions: worded here, in the page's language. */
    migration: { fromVersion: number; toVersion: number } | null;
    actorName: string | null;
  }[];
}

/** An event's words in the page's language; the event's code when the messages have none. */
function eventLabel(t: Messages, event: string): string {
  const id = `designer.event.${event}`;
  const label = t(id);
  return label === id ? event : label;
}

/**
 * The page's words for the history entries a deputy made for someone else ("Ilze Ozola for Pēteris
 * Liepa"), by the entry's instant and event (`data-acted-for`, web/pages/designer/designerPages.ts).
 */
function actedForOf(container: HTMLElement): Map<string, string> {
  try {
    const parsed: unknown = JSON.parse(container.dataset.actedFor ?? '{}');
    return new Map(
      Object.entries(parsed ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return new Map();
  }
}

function showHistory(
  host: HTMLElement,
  diagram: InstanceDiagram,
  t: Messages,
  actedFor: Map<string, string>,
): void {
  // The steps' names in the page's language, where the diagram gives them.
  const names = localNames(diagram.xml);
  host.replaceChildren(
    ...diagram.history.map((entry) =>
      element(
        'li',
        { 'data-event': entry.event, ...(entry.elementId ? { 'data-element-id': entry.elementId } : {}) },
        // In the institution's time zone, as every other page shows times (not the browser's zone).
        element('time', { datetime: entry.at }, pageDateTime(new Date(entry.at))),
        ' ',
        [
          (entry.elementId ? names.get(entry.elementId) : undefined) ?? entry.elementName ?? entry.elementId,
          eventLabel(t, entry.event),
          entry.migration
            ? t('designer.migrated', { from: entry.migration.fromVersion, to: entry.migration.toVersion })
            : entry.text,
        ]
          .filter(Boolean)
          .join(' — '),
        (() => {
          const who = actedFor.get(`${entry.at} ${entry.event}`) ?? entry.actorName;
          return who ? ` (${who})` : '';
        })(),
      ),
    ),
  );
}

function migrationForm(
  host: HTMLElement,
  diagram: InstanceDiagram,
  t: Messages,
  csrfToken: string,
  onMigrated: (toVersion: number) => void,
): void {
  const input = element('input', { type: 'number', min: '1', name: 'toVersion', id: 'migrate-to' });
  const submit = element('button', { type: 'submit' }, t('designer.migrate'));
  const result = element('div', { 'data-migration-result': '', role: 'status' });
  const form = element(
    'form',
    { class: 'designer-toolbar designer-migrate' },
    element('label', { for: 'migrate-to' }, t('designer.migrateTo')),
    input,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answer = await callApi<{ fromVersion: number; toVersion: number }>(
      `/api/process-instances/${encodeURIComponent(diagram.instanceId)}/migrate`,
      { body: { toVersion: Number(input.value) }, csrfToken },
    );
    if (answer.ok) {
      result.className = 'designer-status info';
      result.replaceChildren(
        t('designer.migrated', { from: answer.body.fromVersion, to: answer.body.toVersion }),
      );
      onMigrated(answer.body.toVersion);
      return;
    }
    result.className = 'designer-status error';
    result.replaceChildren(
      answer.message,
      element(
        'ul',
        {},
        ...answer.problems.map((p) =>
          element('li', {}, p.elementId ? `${p.elementId}: ${p.message}` : p.message),
        ),
      ),
    );
  });
  host.replaceChildren(form, result);
}

/** Fetches the instance's diagram and draws it, its caption and its history into `container`. */
async function drawInstance(container: HTMLElement, t: Messages): Promise<InstanceDiagram> {
  const id = container.dataset.instanceId ?? '';
  const diagram = await getJson<InstanceDiagram>(`/api/process-instances/${encodeURIComponent(id)}/diagram`);
  const canvas = container.querySelector<HTMLElement>('[data-canvas]') ?? container;
  // A migrated instance runs on another version: its diagram is drawn anew, not marked over the old one.
  canvas.replaceChildren();
  const shown = await openDiagram(canvas, inLanguage(diagram.xml));
  for (const elementId of diagram.completed) shown.mark(elementId, 'kanceleja-completed');
  for (const elementId of diagram.active) shown.mark(elementId, 'kanceleja-active');
  const [current] = diagram.active;
  if (current) shown.focus(current);
  const caption = container.querySelector('[data-diagram-status]');
  if (caption)
    caption.textContent = t('designer.instanceCaption', { key: diagram.key, version: diagram.version });
  container.dataset.version = String(diagram.version);
  const history = container.querySelector<HTMLElement>('[data-history]');
  if (history) showHistory(history, diagram, t, actedForOf(container));
  (window as unknown as { kancelejaDiagram?: unknown }).kancelejaDiagram = { viewer: shown.viewer, diagram };
  return diagram;
}

export async function showInstance(container: HTMLElement, t: Messages): Promise<void> {
  const diagram = await drawInstance(container, t);
  const migrate = container.querySelector<HTMLElement>('[data-migrate]');
  if (migrate && diagram.status !== 'completed') {
    migrationForm(migrate, diagram, t, container.dataset.csrf ?? '', () => {
      container.dataset.ready = 'false';
      void drawInstance(container, t).finally(() => {
        container.dataset.ready = 'true';
      });
    });
  }
}
