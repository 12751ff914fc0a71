/**
 * The card PDF tells a document's history as the card page does: in the reader's language, with
 * people's names, never raw event codes (`document.registered`) or usernames; task names from the
 * diagram's own translations (issue 14: "raw keys … in the card PDF").
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, body, startApiWorld } from '../api/apiWorld.js';
import { readPdf } from './pdfText.js';

describe('the history printed on the card PDF', () => {
  let world: ApiWorld;
  let documentId: string;

  beforeAll(async () => {
    world = await startApiWorld();
    await world.db.query("UPDATE users SET display_name = 'Anna Reģistratore' WHERE username = 'registrar'");
    await world.db.query("UPDATE users SET display_name = 'Pēteris Vadītājs' WHERE username = 'head'");
    const registrar = await world.as('registrar');
    ({ id: documentId } = await body<{ id: string }>(
      await registrar.post('/api/documents', { register: 'IEN', subject: 'Par ielu apgaismojumu' }),
    ));
    const head = await world.as('head');
    const task = (
      await body<{ id: string; businessKey: string | null }[]>(await head.get('/api/tasks?scope=department'))
    ).find((one) => one.businessKey === documentId);
    if (!task) throw new Error('no resolution task');
    expect((await head.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
  });
  afterAll(async () => {
    await world.close();
  });

  const printed = async (lang: string): Promise<string> => {
    const head = await world.as('head');
    const response = await head.get(`/api/documents/${documentId}/card.pdf?lang=${lang}`);
    expect(response.status).toBe(200);
    return (await readPdf(Buffer.from(await response.arrayBuffer()))).text.replace(/\s+/g, ' ');
  };

  it('prints what happened in words of the language, by name, with the task named in that language', async () => {
    const english = await printed('en');

    expect(english).toContain('registered the document');
    expect(english).toContain('took the task');
    expect(english).toContain('Anna Reģistratore');
    expect(english).toContain('Pēteris Vadītājs');
    expect(english).toContain('Resolution');
    expect(english).not.toContain('Rezolūcija');
    expect(english).not.toMatch(/document\.registered|task\.(created|claimed)|instance\.started/);

    const latvian = await printed('lv');
    expect(latvian).toContain('reģistrēja dokumentu');
    expect(latvian).toContain('paņēma uzdevumu');
    expect(latvian).toContain('Rezolūcija');
  });

  it('prints the history in Lithuanian, Czech and Kazakh too, never codes', async () => {
    const lithuanian = await printed('lt');
    expect(lithuanian).toContain('užregistravo dokumentą');
    expect(lithuanian).toContain('Rezoliucija');
    expect(lithuanian).not.toContain('registered the document');

    for (const lang of ['lt', 'cs', 'kk']) {
      expect(await printed(lang)).not.toMatch(
        /document\.registered|task\.(created|claimed)|instance\.started/,
      );
    }
  });
});
