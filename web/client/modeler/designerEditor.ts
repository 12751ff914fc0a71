/**
 * The modeler: bpmn-js with the Camunda 7 properties panel, our lint rules, import and export,
 * the forms of the version, and deployment. Exposed on `window.kanceleja` for browser tests.
 */
import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import camundaBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import lintModule from 'bpmn-js-bpmnlint';
import { kancelejaLintConfig } from '../lint/lintConfig.js';
import { type ApiProblem, callApi, getJson } from '../shared/browserApi.js';
import { withMissingEdges } from '../shared/missingEdges.js';
import { download, element, type Messages } from '../shared/pageMessages.js';
import { attachDirectoryPickers } from './directoryPickers.js';
import { FormsPanel, type FormSchemas } from './formsPanel.js';
import { newDiagramXml } from './newDiagram.js';
import { designerTranslate, pageLanguage, translateModule } from './translations/designerTranslations.js';

interface VersionDetail {
  key: string;
  version: number;
  xml: string;
  forms?: FormSchemas;
}

interface Deployed {
  key: string;
  version: number;
  created: boolean;
}

interface ElementLike {
  id: string;
  businessObject: { $type: string; id: string; name?: string; get(name: string): unknown };
}

export interface DesignerHandle {
  modeler: Modeler;
  forms: FormsPanel;
  deploy(): Promise<{ ok: boolean; version?: number; problems: ApiProblem[] }>;
  xml(): Promise<string>;
}

declare global {
  interface Window {
    kanceleja?: DesignerHandle;
  }
}

async function loadVersion(key: string, version: string): Promise<VersionDetail> {
  const path = `/api/processes/${encodeURIComponent(key)}`;
  const detail = await callApi<VersionDetail>(`${path}/versions/${encodeURIComponent(version)}`);
  if (detail.ok) return detail.body;
  // A server without the versions route still serves the latest definition.
  const latest = await getJson<{ definition: VersionDetail }>(path);
  return latest.definition;
}

function button(label: string, action: string): HTMLButtonElement {
  return element('button', { type: 'button', 'data-action': action }, label);
}

export async function startEditor(root: HTMLElement, t: Messages, csrfToken: string): Promise<void> {
  const canvas = root.querySelector<HTMLElement>('[data-canvas]') ?? root;
  const panel = root.querySelector<HTMLElement>('[data-properties]') ?? root;
  const status = root.querySelector<HTMLElement>('[data-status]') ?? root;
  const problemList = root.querySelector<HTMLElement>('[data-problems]') ?? root;
  const toolbar = root.querySelector<HTMLElement>('[data-toolbar]') ?? root;
  const formsRoot = root.querySelector<HTMLElement>('[data-forms]') ?? root;

  const language = pageLanguage();
  const modeler = new Modeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    linting: { bpmnlint: kancelejaLintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      camundaBehaviors,
      lintModule,
      // Last, so that the palette, menus, properties panel and lint speak the page's language.
      translateModule(language),
    ],
    moddleExtensions: { camunda: camundaModdle },
  });

  const say = (message: string, kind: 'info' | 'error' = 'info') => {
    status.textContent = message;
    status.className = message ? `designer-status ${kind}` : 'designer-status';
  };

  const selectElement = (id: string) => {
    const registry = modeler.get<{ get(id: string): ElementLike | undefined }>('elementRegistry');
    const found = registry.get(id);
    if (!found) return;
    modeler.get<{ select(element: unknown): void }>('selection').select(found);
    modeler.get<{ scrollToElement(element: unknown): void }>('canvas').scrollToElement(found);
  };

  const showProblems = (problems: ApiProblem[]) => {
    problemList.replaceChildren(
      ...problems.map((problem) => {
        const where = [problem.elementName ?? problem.elementId, problem.line ? `#${problem.line}` : '']
          .filter(Boolean)
          .join(' ');
        const text = where ? `${where}: ${problem.message}` : problem.message;
        const item = element('li', {});
        if (problem.elementId) {
          const id = problem.elementId;
          const link = element('button', { type: 'button', class: 'link', 'data-element-id': id }, text);
          link.addEventListener('click', () => selectElement(id));
          item.append(link);
        } else item.append(text);
        return item;
      }),
    );
  };

  const xml = async () => (await modeler.saveXML({ format: true })).xml ?? '';

  const forms = new FormsPanel(formsRoot, t, designerTranslate(language), () => {
    const registry = modeler.get<{ getAll(): ElementLike[] }>('elementRegistry');
    const keys = registry
      .getAll()
      .map((shape) => shape.businessObject.get?.('camunda:formKey'))
      .filter((key): key is string => typeof key === 'string' && key.trim() !== '');
    return [...new Set(keys)].sort();
  });

  let opened = 0;
  const open = async (source: string, formSchemas: FormSchemas = {}) => {
    root.dataset.opened = '';
    try {
      const result = await modeler.importXML(withMissingEdges(source));
      modeler.get<{ zoom(level: string): void }>('canvas').zoom('fit-viewport');
      forms.reset(formSchemas);
      showProblems([]);
      say(result.warnings.length > 0 ? t('designer.importWarnings', { count: result.warnings.length }) : '');
    } catch (error) {
      say(t('designer.importFailed', { message: (error as Error).message }), 'error');
    }
    // Tests and users of the page wait for this count to know a diagram is on screen.
    root.dataset.opened = String(++opened);
  };

  const deploy = async () => {
    say('');
    forms.saveOpen();
    const result = await callApi<Deployed>('/api/processes', {
      body: { xml: await xml(), forms: forms.schemas() },
      csrfToken,
    });
    if (result.ok) {
      showProblems([]);
      say(
        result.body.created
          ? t('designer.deployed', { version: result.body.version })
          : t('designer.unchanged', { version: result.body.version }),
      );
      root.dataset.key = result.body.key;
      root.dataset.version = String(result.body.version);
      history.replaceState(
        null,
        '',
        `/designer/edit?key=${encodeURIComponent(result.body.key)}&version=${result.body.version}`,
      );
      return { ok: true, version: result.body.version, problems: [] };
    }
    say(t('designer.refused', { message: result.message }), 'error');
    showProblems(result.problems);
    return { ok: false, problems: result.problems };
  };

  const fileInput = element('input', {
    type: 'file',
    accept: '.bpmn,.xml',
    'aria-label': t('designer.import'),
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (file) await open(await file.text());
    fileInput.value = '';
  });
  const importLabel = element('label', { class: 'button' }, t('designer.import'), fileInput);
  const actions: Record<string, () => Promise<unknown>> = {
    exportXml: async () => download(`${processId()}.bpmn`, await xml(), 'application/xml'),
    exportSvg: async () => download(`${processId()}.svg`, (await modeler.saveSVG()).svg, 'image/svg+xml'),
    deploy,
  };
  const processId = () => root.dataset.key || 'process';
  toolbar.append(
    importLabel,
    button(t('designer.exportXml'), 'exportXml'),
    button(t('designer.exportSvg'), 'exportSvg'),
    button(t('designer.deploy'), 'deploy'),
  );
  toolbar.addEventListener('click', (event) => {
    const action = (event.target as HTMLElement).closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action && actions[action]) void actions[action]();
  });

  window.kanceleja = { modeler, forms, deploy, xml };
  void attachDirectoryPickers(panel);

  const key = root.dataset.key;
  const version = root.dataset.version;
  if (key && version) {
    try {
      const detail = await loadVersion(key, version);
      await open(detail.xml, detail.forms ?? {});
    } catch (error) {
      say((error as Error).message, 'error');
    }
  } else {
    await open(newDiagramXml(`Process_${Math.random().toString(36).slice(2, 9)}`));
  }
  root.dataset.ready = 'true';
}
