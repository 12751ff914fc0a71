/**
 * A designer-made task form with the components form-js offers: the inputs the task page renders
 * (checkbox, checklist, number next to the text ones) are shown, checked per type and shown on the
 * document card with the form's labels; a component the page cannot render is refused at
 * deployment, naming it and its key — never dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiClient, type ApiWorld, body, startApiWorld } from '../api/apiWorld.js';
import { browserClient, json } from '../support/browserClient.js';
import { csrfOf } from './pageClient.js';

const KEY = 'permit-check';

const processXml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="https://kanceleja.test">
  <process id="${KEY}" name="Atļaujas pārbaude" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <userTask id="check" name="Pārbaudīt atļauju" camunda:candidateGroups="designer" camunda:formKey="permit-form" />
    <sequenceFlow id="f2" sourceRef="check" targetRef="done" />
    <endEvent id="done" />
  </process>
</definitions>`;

const permitForm = (extra: unknown[] = []) => ({
  type: 'default',
  id: 'permit-form',
  components: [
    { type: 'text', text: 'Pārbaudiet iesniegtos dokumentus.' },
    { type: 'checkbox', key: 'rulesAccepted', label: 'Noteikumi ievēroti', validate: { required: true } },
    {
      type: 'group',
      label: 'Detaļas',
      components: [
        { type: 'number', key: 'area', label: 'Platība (m²)', validate: { min: 1, max: 1000 } },
        {
          type: 'checklist',
          key: 'papers',
          label: 'Pievienotie dokumenti',
          values: [
            { label: 'Zemes grāmata', value: 'land' },
            { label: 'Būvprojekts', value: 'project' },
          ],
        },
      ],
    },
    { type: 'spacer' },
    { type: 'textfield', key: 'note', label: 'Piezīme' },
    { type: 'button', key: 'submit', label: 'Iesniegt', action: 'submit' },
    ...extra,
  ],
});

interface Pages {
  page(path: string): Promise<string>;
  submit(from: string, action: string, fields: [string, string][]): Promise<Response>;
}

describe('designer-made task forms', () => {
  let world: ApiWorld;
  let designer: ApiClient;

  async function pagesAs(username: string): Promise<Pages> {
    const browser = browserClient(world.base);
    const login = await browser.fetch('/api/auth/login', json({ username, password: 'Kancelejas-parole-1' }));
    if (login.status !== 200) throw new Error(`login of ${username}: ${login.status}`);
    await browser.fetch('/language/en?back=/');
    const page = async (path: string) => {
      const response = await browser.fetch(path);
      const html = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${html.slice(0, 300)}`);
      return html;
    };
    return {
      page,
      async submit(from, action, fields) {
        const form = new URLSearchParams([['_csrf', csrfOf(await page(from))], ...fields]);
        return browser.fetch(action, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
      },
    };
  }

  beforeAll(async () => {
    world = await startApiWorld();
    designer = await world.as('designer');
  }, 120_000);
  afterAll(() => world.close());

  it('refuses at deployment a component the task page cannot render, naming it and its key', async () => {
    // when
    const response = await designer.post('/api/processes', {
      xml: processXml,
      forms: {
        'permit-form': permitForm([
          { type: 'filepicker', key: 'scan', label: 'Skenējums' },
          { type: 'datetime', key: 'visitAt', subtype: 'datetime', dateLabel: 'Apmeklējums' },
          { type: 'number', label: 'Bez atslēgas' },
        ]),
      },
    });

    // then
    expect(response.status).toBe(400);
    const answer = await body<{ problems: { field: string; message: string }[] }>(response);
    expect(answer.problems).toEqual([
      {
        field: 'forms.permit-form.components[6]',
        message: expect.stringContaining('The task page cannot show a "filepicker" component (key "scan")'),
      },
      {
        field: 'forms.permit-form.components[7]',
        message: expect.stringContaining('a datetime (key "visitAt") must have the subtype "date"'),
      },
      { field: 'forms.permit-form.components[8]', message: 'A number needs a key.' },
    ]);
    expect((await designer.get(`/api/processes/${KEY}/versions`)).status).toBe(404);
  });

  it('renders checkbox, checklist and number, checks them per type, and shows the answers on the card', async () => {
    // given
    expect(
      (await designer.post('/api/processes', { xml: processXml, forms: { 'permit-form': permitForm() } }))
        .status,
    ).toBe(201);
    const registrar = await world.as('registrar');
    const document = await body<{ id: string }>(
      await registrar.post('/api/documents', { register: 'NOS', subject: 'Būvatļauja Liepu ielā 3' }),
    );
    const started = await body<{ tasks: { id: string }[] }>(
      await registrar.post(`/api/processes/${KEY}/start`, { businessKey: document.id }),
    );
    const taskId = started.tasks[0]?.id ?? '';
    const pages = await pagesAs('designer');

    // when
    const html = await pages.page(`/tasks/${taskId}`);
    const wrong = await pages.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, [
      ['area', 'daudz'],
      ['papers', 'passport'],
    ]);
    const wrongHtml = await wrong.text();
    const done = await pages.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, [
      ['rulesAccepted', 'true'],
      ['area', '120.5'],
      ['papers', 'land'],
      ['papers', 'project'],
      ['note', 'Viss kārtībā'],
    ]);
    const card = await (await pagesAs('registrar')).page(`/documents/${document.id}`);

    // then
    expect(html).toContain('Pārbaudiet iesniegtos dokumentus.');
    expect(html).toMatch(/<input\s+id='field-rulesAccepted'\s+type='checkbox'\s+name='rulesAccepted'/);
    expect(html).toMatch(/name='area'\s+type='number'/);
    expect(html).toMatch(/min='1'\s+max='1000'/);
    expect(html).toMatch(/type='checkbox'\s+name='papers'\s+value='land'/);
    expect(html).toContain('Pievienotie dokumenti');
    expect(wrong.status).toBe(400);
    expect(wrongHtml).toContain('must be a number');
    expect(wrongHtml).toContain('not a choice: passport');
    expect(wrongHtml).toMatch(/Noteikumi ievēroti[\s\S]*Required./);
    expect(done.status).toBe(303);
    const variables = await world.store.processInstances.list({ businessKey: document.id, limit: 5 });
    expect(variables.items[0]?.variables).toMatchObject({
      rulesAccepted: true,
      area: 120.5,
      papers: ['land', 'project'],
      note: 'Viss kārtībā',
    });
    const answers = card.slice(card.indexOf('Form answers'));
    expect(answers).toMatch(/<dt>Noteikumi ievēroti<\/dt>\s*<dd>Yes<\/dd>/);
    expect(answers).toMatch(/<dt>Platība \(m²\)<\/dt>\s*<dd>120.5<\/dd>/);
    expect(answers).toMatch(/<dt>Pievienotie dokumenti<\/dt>\s*<dd>Zemes grāmata, Būvprojekts<\/dd>/);
    expect(answers).toMatch(/<dt>Piezīme<\/dt>\s*<dd>Viss kārtībā<\/dd>/);
  });

  it('takes typed JSON values through the API: a number, a boolean, a list of choices', async () => {
    // given
    const started = await body<{ tasks: { id: string }[] }>(
      await designer.post(`/api/processes/${KEY}/start`, {}),
    );
    const taskId = started.tasks[0]?.id ?? '';

    // when
    const wrong = await designer.post(`/api/tasks/${taskId}/complete`, {
      data: { rulesAccepted: 'yes', area: '12', papers: 'land' },
    });
    const right = await designer.post(`/api/tasks/${taskId}/complete`, {
      data: { rulesAccepted: true, area: 12, papers: ['land'] },
    });

    // then
    expect(wrong.status).toBe(400);
    expect((await body<{ problems: { field: string; message: string }[] }>(wrong)).problems).toEqual([
      { field: 'rulesAccepted', message: 'must be true or false', code: 'problem.notBoolean' },
      { field: 'area', message: 'must be a number', code: 'problem.notNumber' },
      { field: 'papers', message: 'must be a list of texts' },
    ]);
    expect(right.status).toBe(200);
  });
});
