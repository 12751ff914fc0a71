import { Readable } from 'node:stream';
import { expect, it } from '@jest/globals';
import { Invalid, NotFound, TooLarge } from '../../engine/errors.js';
import { addAttachment, openAttachment, prepareAttachment } from '../../engine/records/attachments.js';
import { searchDocuments } from '../../engine/records/documents.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { samplePdf } from '../support/samplePdf.js';
import { describeEachStore } from '../support/testStores.js';
import { aRecordsWorld } from './recordsWorld.js';

const upload = (bytes: Buffer | string) => Readable.from([Buffer.from(bytes)]);

describeEachStore('attachments', (subject) => {
  it('registers a letter with a scanned PDF whose text becomes searchable, whatever the file is called', async () => {
    const world = await aRecordsWorld(subject.store);
    const pdf = await samplePdf(['Lūdzu izsniegt būvatļauju dārza mājai', 'Kalnu ielā 5, Ādažos']);
    const prepared = await prepareAttachment(subject.store, {
      fileName: 'C:\\Skenēts\\scan.txt',
      content: upload(pdf),
    });

    const registered = await registerDocument(world.ctx(world.registrar), {
      registerId: world.incoming.id,
      subject: 'Iesniegums',
      attachments: [prepared],
    });
    const found = await searchDocuments(world.ctx(world.registrar), { text: 'darza maja' });

    expect(registered.attachments).toEqual([
      expect.objectContaining({ fileName: 'scan.txt', contentType: 'application/pdf', size: pdf.length }),
    ]);
    expect(found.items.map((d) => d.id)).toContain(registered.document.id);
    const events = await subject.store.audit.list({
      objectType: 'document',
      objectId: registered.document.id,
    });
    expect(events.map((e) => e.action)).toEqual(['document.registered', 'attachment.added']);
  });

  it('gives back exactly the bytes uploaded to those who may see the document', async () => {
    const world = await aRecordsWorld(subject.store);
    const { document } = await registerDocument(world.ctx(world.registrar), {
      registerId: world.incoming.id,
      subject: 'Sūdzība',
      confidentiality: 'restricted',
    });
    const text = 'Sūdzība par trokšņiem naktī.\nЖалоба на шум ночью.\n';

    const attachment = await addAttachment(world.ctx(world.registrar), {
      documentId: document.id,
      fileName: 'sudziba.txt',
      content: upload(text),
    });
    const opened = await openAttachment(world.ctx(world.registrar), attachment.id);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.content) chunks.push(chunk as Buffer);

    expect(attachment.contentType).toBe('text/plain');
    expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
    await expect(openAttachment(world.ctx(world.executor), attachment.id)).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses programs and scripts by their bytes or their name', async () => {
    const world = await aRecordsWorld(subject.store);
    const { document } = await registerDocument(world.ctx(world.registrar), {
      registerId: world.incoming.id,
      subject: 'Ar pielikumu',
    });
    const add = (fileName: string, bytes: Buffer | string) =>
      addAttachment(world.ctx(world.registrar), {
        documentId: document.id,
        fileName,
        content: upload(bytes),
      });
    const windowsProgram = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(62),
      Buffer.from('PE\0\0'),
      Buffer.alloc(200),
    ]);
    windowsProgram.writeUInt32LE(64, 60);

    await expect(add('rekins.pdf', windowsProgram)).rejects.toBeInstanceOf(Invalid);
    await expect(add('run.txt', '#!/bin/sh\nrm -rf /\n')).rejects.toBeInstanceOf(Invalid);
    await expect(add('rēķins.pdf.js', 'alert(1)')).rejects.toBeInstanceOf(Invalid);
    expect(await subject.store.attachments.list(document.id)).toEqual([]);
  });

  it('refuses a file over the limit and stores no row', async () => {
    const world = await aRecordsWorld(subject.store);
    const { document } = await registerDocument(world.ctx(world.registrar), {
      registerId: world.incoming.id,
      subject: 'Liels pielikums',
    });

    const attempt = addAttachment(world.ctx(world.registrar), {
      documentId: document.id,
      fileName: 'liels.pdf',
      content: upload(Buffer.alloc(3 * 1024 * 1024, 7)),
      maxBytes: 2 * 1024 * 1024,
    });

    await expect(attempt).rejects.toBeInstanceOf(TooLarge);
    expect(await subject.store.attachments.list(document.id)).toEqual([]);
  });
});
