/**
 * The administrator's e-service page (`/admin/e-services`): the public form in form-js's visual
 * editor. Progressive enhancement: the page's textarea `#formSchema` stays the form field the server
 * reads and validates; this bundle mounts the editor next to it (`[data-form-editor]`), loads the
 * textarea's JSON into it, and writes the schema back into the textarea on every change. A textarea
 * that holds no readable JSON is left alone (no editor), so what was typed is never overwritten.
 */
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import { FormEditor } from '@bpmn-io/form-js';
import { formEditorTranslationModule } from '../modeler/formEditorTranslation.js';
import { designerTranslate, pageLanguage } from '../modeler/translations/designerTranslations.js';

type Schema = Record<string, unknown>;

/** What an empty textarea means: no fields besides the applicant's own. */
const EMPTY_SCHEMA: Schema = { type: 'default', components: [] };

/** The textarea's schema; null when it is not a JSON object (the server will say why). */
function schemaOf(text: string): Schema | null {
  if (text.trim() === '') return { ...EMPTY_SCHEMA };
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Schema)
      : null;
  } catch {
    return null;
  }
}

/** The properties panel's text inputs reach the schema after a short debounce (300 ms). */
const PROPERTIES_DEBOUNCE_MS = 350;

async function mountFormEditor(host: HTMLElement, textarea: HTMLTextAreaElement): Promise<void> {
  const schema = schemaOf(textarea.value);
  if (!schema) return;
  const editor = new FormEditor({
    container: host,
    additionalModules: [formEditorTranslationModule(designerTranslate(pageLanguage()))],
  });
  host.hidden = false;
  try {
    await editor.importSchema(schema);
  } catch {
    // A schema form-js cannot open: the text area alone, as without script.
    editor.destroy();
    host.hidden = true;
    return;
  }

  // Only the administrator's edits are written back (an import clears the command stack): a form
  // opened and saved unchanged keeps its JSON as it was.
  const writeBack = () => {
    textarea.value = JSON.stringify(editor.saveSchema(), null, 2);
  };
  editor.on('commandStack.changed', (event: { trigger?: string }) => {
    if (event.trigger !== 'clear') writeBack();
  });

  // JSON pasted into the textarea (the way the page works without script) reaches the editor too.
  textarea.addEventListener('change', () => {
    const pasted = schemaOf(textarea.value);
    if (pasted) editor.importSchema(pasted).catch(() => undefined);
  });

  // A label typed just before pressing Save is still in the properties panel's debounce: the form
  // leaves once it has reached the schema and the textarea.
  const form = textarea.form;
  let leaving = false;
  form?.addEventListener('submit', (event) => {
    if (leaving) return;
    event.preventDefault();
    leaving = true;
    setTimeout(() => form.submit(), PROPERTIES_DEBOUNCE_MS);
  });
}

const host = document.querySelector<HTMLElement>('[data-form-editor]');
const textarea = document.getElementById(host?.dataset.for ?? '');
if (host && textarea instanceof HTMLTextAreaElement) void mountFormEditor(host, textarea);
