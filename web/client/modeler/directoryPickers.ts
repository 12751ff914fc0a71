/**
 * Choices for the Camunda text fields of the properties panel: candidate groups (roles,
 * departments, `role:DEPT`) and the service of a service task. The panel's own inputs stay;
 * each gets a `<datalist>` of what the server knows, so typing offers them and anything else
 * is still allowed (the server validates at deployment).
 */
import { callApi } from '../shared/browserApi.js';
import { element } from '../shared/pageMessages.js';

interface DirectoryGroups {
  roles: { code: string; name: string }[];
  departments: { code: string; name: string }[];
  groups: string[];
}

const GROUPS_LIST = 'kanceleja-candidate-groups';
const SERVICES_LIST = 'kanceleja-services';

/** The panel's input ids (bpmn-js-properties-panel 5) and the list each one gets. */
const FIELD_LISTS: Record<string, string> = {
  'bio-properties-panel-candidateGroups': GROUPS_LIST,
  'bio-properties-panel-externalTopic': SERVICES_LIST,
};

function datalist(id: string, options: { value: string; label: string }[]): HTMLDataListElement {
  return element(
    'datalist',
    { id },
    ...options.map((o) => element('option', { value: o.value, label: o.label })),
  );
}

export async function attachDirectoryPickers(panel: HTMLElement): Promise<void> {
  const [groups, services] = await Promise.all([
    callApi<DirectoryGroups>('/api/directory/groups'),
    callApi<{ services: { name: string; inputs: string[] }[] }>('/api/directory/services'),
  ]);
  const names = new Map<string, string>();
  if (groups.ok) {
    for (const role of groups.body.roles) names.set(role.code, role.name);
    for (const department of groups.body.departments) names.set(department.code, department.name);
  }
  const groupOptions = groups.ok
    ? groups.body.groups.map((group) => ({ value: group, label: names.get(group) ?? group }))
    : [];
  const serviceOptions = services.ok
    ? services.body.services.map((s) => ({ value: s.name, label: s.inputs.join(', ') }))
    : [];
  document.body.append(datalist(GROUPS_LIST, groupOptions), datalist(SERVICES_LIST, serviceOptions));
  const connect = () => {
    for (const [inputId, listId] of Object.entries(FIELD_LISTS)) {
      const input = panel.querySelector<HTMLInputElement>(`#${inputId}`);
      if (input && input.getAttribute('list') !== listId) input.setAttribute('list', listId);
    }
  };
  // The panel re-renders its inputs whenever the selection changes.
  new MutationObserver(connect).observe(panel, { childList: true, subtree: true });
  connect();
}
