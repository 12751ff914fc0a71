import { Readable } from 'node:stream';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { Invalid } from '../../engine/errors.js';
import {
  ArchiveTooLarge,
  checkArchive,
  DEFAULT_ARCHIVE_LIMITS,
  pdfUnpacksWithin,
} from '../../engine/records/archiveLimits.js';
import { addAttachment, prepareAttachment } from '../../engine/records/attachments.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { deflatedZeros, nestedZip, pdfBomb, zipBomb, zipOf } from '../support/archiveBombs.js';
import { describeEachStore } from '../support/testStores.js';
import { aRecordsWorld } from './recordsWorld.js';

const MB = 1024 * 1024;
const small = { ...DEFAULT_ARCHIVE_LIMITS, maxExpandedBytes: 8 * MB, ratioFloorBytes: MB };

const refusal = async (attempt: Promise<unknown>) => {
  const error = await attempt.then(
    () => null,
    (caught: unknown) => caught,
  );
  return error as (Invalid & { problems: { message: string; code?: string }[] }) | ArchiveTooLarge | null;
};

describe('archive limits', () => {
  it('takes an ordinary zip of letters and a gzip of text', async () => {
    const letter = Buffer.from('Lūdzu izsniegt izziņu.\n'.repeat(200));
    const zip = zipOf([
      { name: 'iesniegums.txt', data: deflateRawSync(letter), declaredSize: letter.length },
      { name: 'pielikums.txt', data: letter, declaredSize: letter.length, stored: true },
    ]);

    await expect(checkArchive(zip, 'vestules.zip')).resolves.toBeUndefined();
    await expect(checkArchive(gzipSync(letter), 'vestule.txt.gz')).resolves.toBeUndefined();
  });

  it('refuses a zip that unpacks past the budget, even when its directory says 1 kB', async () => {
    const honest = await zipBomb(3, 4);
    const lying = await zipBomb(3, 4, { lie: true });

    const refusedHonest = await refusal(checkArchive(honest, 'bumba.zip', small));
    const refusedLying = await refusal(checkArchive(lying, 'bumba.zip', small));

    expect(refusedHonest).toBeInstanceOf(ArchiveTooLarge);
    expect(refusedLying).toBeInstanceOf(ArchiveTooLarge);
    expect(refusedLying?.message).toBe(
      '"bumba.zip" unpacks to more than 8 MB; such archives are not accepted.',
    );
    expect(refusedLying?.messageCode).toBe('refusal.archiveTooLarge');
  });

  it('refuses a zip packed past the ratio, and a gzip bomb', async () => {
    const zip = await zipBomb(4);
    const gzip = await deflatedZeros(20, 'gzip');

    const refusedZip = await refusal(checkArchive(zip, 'bumba.zip', small));
    const refusedGzip = await refusal(checkArchive(gzip, 'bumba.gz', small));

    expect(refusedZip).toBeInstanceOf(Invalid);
    expect((refusedZip as Invalid).problems).toEqual([
      expect.objectContaining({
        field: 'attachments',
        message: 'bumba.zip: the archive is packed more than 200 to 1',
        code: 'problem.archiveRatio',
      }),
    ]);
    expect(refusedGzip).toBeInstanceOf(ArchiveTooLarge);
  });

  it('opens archives inside archives to a fixed depth', async () => {
    await expect(checkArchive(nestedZip(3), 'ok.zip')).resolves.toBeUndefined();

    const refused = await refusal(checkArchive(nestedZip(4), '42.zip'));

    expect((refused as Invalid).problems[0]?.message).toBe('42.zip: archives are nested more than 3 deep');
  });

  it('refuses a damaged zip and one with too many files', async () => {
    const zip = await zipBomb(1);
    const many = zipOf(
      Array.from({ length: 30 }, (_, index) => ({
        name: `${index}.txt`,
        data: Buffer.from('x'),
        declaredSize: 1,
        stored: true,
      })),
    );

    const damaged = await refusal(checkArchive(zip.subarray(0, zip.length - 40), 'bojats.zip'));
    const crowded = await refusal(checkArchive(many, 'daudz.zip', { ...small, maxEntries: 20 }));

    expect((damaged as Invalid).problems[0]?.code).toBe('problem.archiveDamaged');
    expect((crowded as Invalid).problems[0]?.message).toBe('daudz.zip: the archive holds more than 20 files');
  });

  it('measures the compressed streams of a PDF before its text is read', async () => {
    const pdf = await pdfBomb(6);

    expect(await pdfUnpacksWithin(pdf, 4 * MB)).toBe(false);
    expect(await pdfUnpacksWithin(pdf, 8 * MB)).toBe(true);
  });
});

describeEachStore('attachments that are archives', (subject) => {
  const upload = (bytes: Buffer) => Readable.from([bytes]);

  it('refuses a zip bomb with 413 and stores no row; a PDF bomb is kept but not read for text', async () => {
    const world = await aRecordsWorld(subject.store);
    const { document } = await registerDocument(world.ctx(world.registrar), {
      registerId: world.incoming.id,
      subject: 'Pielikums ar arhīvu',
    });
    const bomb = await zipBomb(210);

    const refused = await refusal(
      addAttachment(world.ctx(world.registrar), {
        documentId: document.id,
        fileName: 'bumba.zip',
        content: upload(bomb),
      }),
    );
    const pdf = await prepareAttachment(subject.store, {
      fileName: 'bumba.pdf',
      content: upload(await pdfBomb(210)),
    });

    expect(bomb.length).toBeLessThan(MB);
    expect(refused).toBeInstanceOf(ArchiveTooLarge);
    expect(refused?.code).toBe('too_large');
    expect(await subject.store.attachments.list(document.id)).toEqual([]);
    expect(pdf).toEqual(expect.objectContaining({ contentType: 'application/pdf', textContent: null }));
  });
});
