/** The designer's start page: every process with its versions, and links to work on them. */
import { INTL_LOCALES } from '../../../engine/i18n/languages.js';
import { callApi, getJson } from '../shared/browserApi.js';
import { element, type Messages } from '../shared/pageMessages.js';

interface ProcessSummary {
  key: string;
  name: string | null;
  version: number;
}

export interface VersionSummary {
  version: number;
  name: string | null;
  deployedBy?: string | null;
  deployedByName?: string | null;
  deployedAt?: string | null;
  running?: number;
  finished?: number;
}

/** `GET /api/processes/:key/versions`, or the older listing when the server has no such route. */
export async function loadVersions(key: string): Promise<VersionSummary[]> {
  const path = `/api/processes/${encodeURIComponent(key)}`;
  const result = await callApi<{ versions: VersionSummary[] }>(`${path}/versions`);
  if (result.ok) return result.body.versions;
  const older = await getJson<{ versions: (VersionSummary & { createdAt?: string })[] }>(path);
  return older.versions.map((v) => ({ ...v, deployedAt: v.deployedAt ?? v.createdAt ?? null }));
}

const link = (href: string, text: string) => element('a', { href }, text);

function versionRow(key: string, version: VersionSummary, t: Messages): HTMLTableRowElement {
  const base = `key=${encodeURIComponent(key)}`;
  const actions = element(
    'td',
    { class: 'designer-actions' },
    link(`/designer/edit?${base}&version=${version.version}`, t('designer.open')),
    ' ',
    link(`/designer/heatmap?${base}&version=${version.version}`, t('designer.heatmap')),
  );
  if (version.version > 1) {
    actions.append(
      ' ',
      link(
        `/designer/compare?${base}&from=${version.version - 1}&to=${version.version}`,
        t('designer.compareWithPrevious'),
      ),
    );
  }
  const deployedAt = version.deployedAt ? pageDateTime(new Date(version.deployedAt)) : '';
  return element(
    'tr',
    { 'data-version': String(version.version) },
    element('td', {}, String(version.version)),
    element('td', {}, version.name ?? ''),
    element('td', {}, version.deployedByName ?? version.deployedBy ?? ''),
    element('td', {}, deployedAt),
    element('td', { class: 'number' }, String(version.running ?? '')),
    element('td', { class: 'number' }, String(version.finished ?? '')),
    actions,
  );
}

/** Process names in the page's language by key, rendered by the server into `data-process-names`. */
function pageProcessNames(root: HTMLElement): Record<string, string> {
  try {
    const names: unknown = JSON.parse(root.dataset.processNames ?? '{}');
    return typeof names === 'object' && names !== null ? (names as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export async function showProcessList(root: HTMLElement, t: Messages): Promise<void> {
  const list = root.querySelector('[data-process-list]') ?? root;
  const localNames = pageProcessNames(root);
  const processes = await getJson<ProcessSummary[] | { processes: ProcessSummary[] }>('/api/processes');
  const all = Array.isArray(processes) ? processes : processes.processes;
  if (all.length === 0) list.append(element('p', {}, t('designer.noProcesses')));
  for (const process of all) {
    const versions = await loadVersions(process.key);
    const head = element(
      'tr',
      {},
      ...[
        'designer.version',
        'designer.name',
        'designer.deployedBy',
        'designer.deployedAt',
        'designer.running',
        'designer.finished',
        'designer.actions',
      ].map((id) => element('th', { scope: 'col' }, t(id))),
    );
    const local = localNames[process.key];
    const rows = [...versions]
      .sort((a, b) => b.version - a.version)
      // A version named as the latest is shown by the latest's name in the page's language.
      .map((v) => ({ ...v, name: local && v.name === process.name ? local : v.name }))
      .map((v) => versionRow(process.key, v, t));
    list.append(
      element(
        'section',
        { class: 'box designer-process', 'data-process-key': process.key },
        element('h2', {}, `${local ?? process.name ?? process.key} (${process.key})`),
        element('table', { class: 'list' }, element('thead', {}, head), element('tbody', {}, ...rows)),
      ),
    );
  }
  root.dataset.ready = 'true';
}

const LOCALES: Readonly<Record<string, string>> = INTL_LOCALES;

/** As the server-rendered pages show an instant: the page's language, the institution's time zone. */
function pageDateTime(date: Date): string {
  const root = document.documentElement;
  const timeZone = root.dataset.timeZone || undefined;
  try {
    return new Intl.DateTimeFormat(LOCALES[root.lang] ?? root.lang, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    }).format(date);
  } catch {
    return date.toLocaleString();
  }
}
