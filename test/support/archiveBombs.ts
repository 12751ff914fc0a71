/**
 * Archives made in the test, so that no large binary is committed: zips (optionally lying about
 * their sizes), zip bombs, gzip bombs and a PDF whose one stream unpacks to a given size. Zeros
 * deflate about 1000 to 1, so a bomb of 300 MB is some 300 kB.
 */
import { createDeflate, createDeflateRaw, createGzip, crc32 } from 'node:zlib';

const MB = 1024 * 1024;

/** Deflates `megabytes` of zeros without ever holding them: raw (zip), zlib (PDF) or gzip. */
export async function deflatedZeros(
  megabytes: number,
  wrapper: 'raw' | 'zlib' | 'gzip' = 'raw',
): Promise<Buffer> {
  const stream =
    wrapper === 'raw'
      ? createDeflateRaw({ level: 9 })
      : wrapper === 'zlib'
        ? createDeflate({ level: 9 })
        : createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
  const zeros = Buffer.alloc(MB);
  for (let written = 0; written < megabytes; written++) {
    if (!stream.write(zeros)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return Buffer.concat(chunks);
}

export interface ZipEntryInput {
  name: string;
  /** The bytes as stored in the zip: deflated unless `stored`. */
  data: Buffer;
  /** The unpacked size the zip declares. */
  declaredSize: number;
  stored?: boolean;
  crc?: number;
}

/** A zip of the given entries, each as the caller packed it (so it may lie about its size). */
export function zipOf(entries: ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.stored ? 0 : 8;
    const crc = entry.crc ?? (entry.stored ? crc32(entry.data) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A zip holding `files` entries of zeros, `megabytesEach` each, declared honestly or as 1 kB. */
export async function zipBomb(
  megabytesEach: number,
  files = 1,
  options: { lie?: boolean } = {},
): Promise<Buffer> {
  const data = await deflatedZeros(megabytesEach);
  return zipOf(
    Array.from({ length: files }, (_, index) => ({
      name: `zeros-${index + 1}.txt`,
      data,
      declaredSize: options.lie ? 1024 : megabytesEach * MB,
    })),
  );
}

/** A zip of a small text file, wrapped in `depth - 1` further zips (the 42.zip idea). */
export function nestedZip(depth: number): Buffer {
  let bytes = zipOf([
    { name: 'iesniegums.txt', data: Buffer.from('Lūdzu...\n'), declaredSize: 11, stored: true },
  ]);
  for (let level = 1; level < depth; level++) {
    bytes = zipOf([{ name: `level-${level}.zip`, data: bytes, declaredSize: bytes.length, stored: true }]);
  }
  return bytes;
}

/** A one-page PDF whose content stream is `megabytes` of deflated zeros. */
export async function pdfBomb(megabytes: number): Promise<Buffer> {
  const stream = await deflatedZeros(megabytes, 'zlib');
  return Buffer.concat([
    Buffer.from(
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
        '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
        '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n' +
        `4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`,
      'latin1',
    ),
    stream,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}
