/**
 * A clerk registering a letter from someone new enters the whole correspondent card on the spot —
 * code, address, e-mail, phone, e-address — not only the name; a bad e-mail is refused next to its
 * field, with the details kept open and nothing registered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { logIn, optionValue, type PageClient } from './pageClient.js';

describe('a new correspondent card on the new-document form', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-card-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    registrar = await logIn(server, 'registrar');
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const letter = async (email: string) => {
    const form = await registrar.page('/documents/new');
    return registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IEN'),
      subject: 'Par ūdens skaitītāju',
      correspondentName: 'SIA Ūdensvīri',
      correspondentKind: 'organisation',
      correspondentCode: '40003123456',
      correspondentAddress: 'Rīgas iela 1, Ādaži',
      correspondentEmail: email,
      correspondentPhone: '+371 20000000',
      correspondentEAddress: '_DEFAULT@40003123456',
    });
  };

  it('keeps every detail of the new card', async () => {
    const registered = await letter('birojs@udensviri.lv');
    expect(registered.status).toBe(303);
    const documentId = (registered.headers.get('location') ?? '').split('/').pop() ?? '';

    const card = (await (await registrar.fetch(`/api/documents/${documentId}`)).json()) as {
      correspondent: Record<string, string>;
    };

    expect(card.correspondent).toMatchObject({
      kind: 'organisation',
      name: 'SIA Ūdensvīri',
      registrationCode: '40003123456',
      address: 'Rīgas iela 1, Ādaži',
      email: 'birojs@udensviri.lv',
      phone: '+371 20000000',
      eAddress: '_DEFAULT@40003123456',
    });
  });

  it('refuses a bad e-mail beside its field, with the details open, registering nothing', async () => {
    const before = await registrar.page('/documents?q=skaitītāju');

    const refused = await letter('not an address');

    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/<details class='card-details' open>/);
    expect(html).toMatch(/id='correspondentEmail'[\s\S]*?class='field-error'/);
    expect(html).toContain("value='Rīgas iela 1, Ādaži'");
    const after = await registrar.page('/documents?q=skaitītāju');
    expect(after.match(/Par ūdens skaitītāju/g)?.length).toBe(before.match(/Par ūdens skaitītāju/g)?.length);
  });
});
