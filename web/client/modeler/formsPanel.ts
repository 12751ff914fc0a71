/**
 * The forms of the process version being edited, one per `camunda:formKey`, in form-js's
 * FormEditor. They are deployed together with the diagram; a form key without a form here
 * keeps the form the server already has for it (previous version, then the shipped one).
 */
import { FormEditor } from '@bpmn-io/form-js';
import { element, type Messages } from '../shared/pageMessages.js';
import { formEditorTranslationModule } from './formEditorTranslation.js';
import type { Translate } from './translations/designerTranslations.js';

export type FormSchemas = Record<string, Record<string, unknown>>;

const emptySchema = (key: string) => ({ type: 'default', id: key, components: [] });

export class FormsPanel {
  private forms: FormSchemas = {};
  private editor: FormEditor | null = null;
  private openKey: string | null = null;
  private readonly list: HTMLElement;
  private readonly host: HTMLElement;
  private readonly title: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly t: Messages,
    private readonly translate: Translate,
    private readonly formKeys: () => string[],
  ) {
    this.list = element('ul', { class: 'designer-form-keys' });
    this.title = element('h3', {});
    this.host = element('div', { class: 'designer-form-editor', 'data-form-editor': '' });
    const refresh = element('button', { type: 'button' }, t('designer.formsRefresh'));
    refresh.addEventListener('click', () => this.render());
    root.append(refresh, this.list, this.title, this.host);
  }

  /** A newly opened diagram: its version's forms. */
  reset(forms: FormSchemas): void {
    this.close();
    this.forms = { ...forms };
    this.render();
  }

  render(): void {
    const keys = [...new Set([...this.formKeys(), ...Object.keys(this.forms)])].sort();
    this.list.replaceChildren(
      ...keys.map((key) => {
        const open = element('button', { type: 'button', class: 'link', 'data-form-key': key }, key);
        open.addEventListener('click', () => void this.open(key));
        const state = this.forms[key] ? '' : ` (${this.t('designer.formInherited')})`;
        return element('li', {}, open, state);
      }),
    );
    if (keys.length === 0) this.list.append(element('li', {}, this.t('designer.noForms')));
  }

  async open(key: string): Promise<void> {
    this.saveOpen();
    this.close();
    this.openKey = key;
    this.title.textContent = this.t('designer.formTitle', { key });
    this.editor = new FormEditor({
      container: this.host,
      additionalModules: [formEditorTranslationModule(this.translate)],
    });
    await this.editor.importSchema(this.forms[key] ?? emptySchema(key));
  }

  /** Keeps what the open editor holds. */
  saveOpen(): void {
    if (this.editor && this.openKey)
      this.forms[this.openKey] = this.editor.saveSchema() as Record<string, unknown>;
  }

  schemas(): FormSchemas {
    this.saveOpen();
    return { ...this.forms };
  }

  private close(): void {
    this.editor?.destroy();
    this.editor = null;
    this.openKey = null;
    this.title.textContent = '';
    this.host.replaceChildren();
  }
}
