/**
 * The form-js editor's properties groups in the page's language. form-js-editor 1.23 has no
 * `translate` service (its palette and entry labels are fixed English), so this module does what
 * its API allows: a properties provider, registered after the editor's own, that renames the
 * groups the others returned.
 */
import type { Translate } from './translations/designerTranslations.js';

interface Group {
  label?: string;
}

interface PropertiesPanelService {
  registerProvider(provider: { getGroups(): (groups: Group[]) => Group[] }, priority: number): void;
}

/** Lower than form-js's default provider priority (1000): runs after it, so sees its groups. */
const AFTER_DEFAULT_PROVIDERS = 1;

function GroupLabelTranslator(propertiesPanel: PropertiesPanelService, translate: Translate): void {
  propertiesPanel.registerProvider(
    {
      getGroups:
        () =>
        (groups: Group[]): Group[] =>
          groups.map((group) => (group.label ? { ...group, label: translate(group.label) } : group)),
    },
    AFTER_DEFAULT_PROVIDERS,
  );
}
GroupLabelTranslator.$inject = ['propertiesPanel', 'translate'];

/** A form-js editor module: `translate` for `language`'s table, and the group renaming. */
export function formEditorTranslationModule(translate: Translate): Record<string, unknown> {
  return {
    __init__: ['groupLabelTranslator'],
    translate: ['value', translate],
    groupLabelTranslator: ['type', GroupLabelTranslator],
  };
}
