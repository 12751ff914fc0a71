/**
 * Archive limits: an attachment that is compressed (a zip and the formats built on it — Office and
 * OpenDocument files, EPUB — or gzip) is unpacked once, counting and discarding, before it is
 * accepted, so that a zip bomb is refused instead of reaching whoever opens it; nothing is ever
 * unpacked without a bound. Archives inside archives are opened too, on the same budget, to a
 * fixed depth. Formats the server never unpacks (7z, rar, bzip2, xz) are taken as they are: they
 * cost the server nothing.
 *
 * PDF text extraction unpacks the PDF's compressed streams; `pdfUnpacksWithin` measures them the
 * same way first, and a PDF that would unpack past the budget is kept but not made searchable.
 */
import { createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Transform } from 'node:stream';
import { Invalid, TooLarge } from '../errors.js';
import { problem } from '../kernel/problems.js';

/** The bounds an archive is checked against. */
export interface ArchiveLimits {
  /** All entries together, archives inside archives included, unpack to at most this. */
  maxExpandedBytes: number;
  /** Unpacked size over packed size, checked once an archive unpacks to more than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** Files in all the archives together. */
  maxEntries: number;
  /** Archives inside archives: 1 is a plain zip, 2 a zip inside a zip. */
  maxDepth: number;
  /** A nested archive larger than this (unpacked) is counted but not opened: it is kept in memory to be. */
  maxNestedBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxExpandedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 5 * 1024 * 1024,
  maxEntries: 10_000,
  maxDepth: 3,
  maxNestedBytes: 32 * 1024 * 1024,
};

/** An archive that unpacks past the limit: 413, like a file over the upload limit. */
export class ArchiveTooLarge extends TooLarge {}

const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;

const isZip = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 &&
  bytes[0] === 0x50 &&
  bytes[1] === 0x4b &&
  ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));
const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Whether the bytes start as an archive this module unpacks (zip family or gzip). */
export const isCheckedArchive = (head: Uint8Array): boolean => isZip(head) || isGzip(head);

class Damaged extends Error {}
class TooManyEntries extends Error {}

interface Budget {
  limits: ArchiveLimits;
  expanded: number;
  entries: number;
}

interface Unpacked {
  size: number;
  /** The bytes, when they start as an archive small enough to open in turn. */
  nested: Buffer | null;
}

/** Unpacks `data` through `inflater`, counting; stops at the budget and never keeps more than a nested archive. */
function unpack(data: Uint8Array, inflater: Transform, budget: Budget, name: string): Promise<Unpacked> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let keep: Buffer[] | null = null;
    let decided = false;
    let finished = false;
    const finish = (outcome: Error | Unpacked) => {
      if (finished) return;
      finished = true;
      inflater.removeAllListeners('data');
      if (outcome instanceof Error) {
        inflater.destroy();
        reject(outcome);
      } else {
        resolve(outcome);
      }
    };
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      budget.expanded += chunk.length;
      if (budget.expanded > budget.limits.maxExpandedBytes) {
        finish(tooLarge(name, budget.limits));
        return;
      }
      if (!decided) {
        decided = true;
        if (isCheckedArchive(chunk)) keep = [];
      }
      if (keep) {
        if (size > budget.limits.maxNestedBytes) keep = null;
        else keep.push(chunk);
      }
    });
    inflater.on('error', () => finish(new Damaged()));
    inflater.on('end', () => finish({ size, nested: keep ? Buffer.concat(keep) : null }));
    inflater.end(data);
  });
}

function tooLarge(fileName: string, limits: ArchiveLimits): ArchiveTooLarge {
  const megabytes = Math.round(limits.maxExpandedBytes / 1024 / 1024);
  return new ArchiveTooLarge(
    `"${fileName}" unpacks to more than ${megabytes} MB; such archives are not accepted.`,
    'refusal.archiveTooLarge',
    { fileName, megabytes },
  );
}

/** What is wrong with an archive, in a field problem with its message code. */
type ArchiveProblem = [message: string, code: string, params: Record<string, string | number>];

function refuse(fileName: string, [message, code, params]: ArchiveProblem): Invalid {
  return new Invalid(
    `"${fileName}" is an archive that cannot be accepted.`,
    [problem('attachments', `${fileName}: ${message}`, code, { fileName, ...params })],
    'refusal.archiveRefused',
    { fileName },
  );
}

interface ZipEntry {
  method: number;
  encrypted: boolean;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

function u64(bytes: Buffer, at: number): number {
  const value = bytes.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Damaged();
  return Number(value);
}

/** The zip's central directory: where each entry is, how it is packed and what it says it unpacks to. */
function zipEntries(zip: Buffer, maxEntries: number): ZipEntry[] {
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === ZIP_END) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Damaged();
  let count = zip.readUInt16LE(end + 10);
  let directory = zip.readUInt32LE(end + 16);
  if (end >= 20 && zip.readUInt32LE(end - 20) === ZIP64_LOCATOR) {
    const zip64End = u64(zip, end - 12);
    if (zip64End + 56 > zip.length || zip.readUInt32LE(zip64End) !== ZIP64_END) throw new Damaged();
    count = u64(zip, zip64End + 32);
    directory = u64(zip, zip64End + 48);
  }
  if (count > maxEntries) throw new TooManyEntries();
  const entries: ZipEntry[] = [];
  let at = directory;
  for (let index = 0; index < count; index++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== ZIP_CENTRAL) throw new Damaged();
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      method: zip.readUInt16LE(at + 10),
      encrypted: (zip.readUInt16LE(at + 8) & 1) === 1,
      compressedSize: zip.readUInt32LE(at + 20),
      declaredSize: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    };
    // Sizes and offset that do not fit 32 bits are in the Zip64 extra field, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd && extraEnd <= zip.length) {
      const id = zip.readUInt16LE(extra);
      const length = zip.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        for (const key of ['declaredSize', 'compressedSize', 'localOffset'] as const) {
          if (entry[key] === 0xffffffff && field + 8 <= extra + 4 + length) {
            entry[key] = u64(zip, field);
            field += 8;
          }
        }
      }
      extra += 4 + length;
    }
    entries.push(entry);
    at = extraEnd + commentLength;
  }
  return entries;
}

function spend(budget: Budget, bytes: number, fileName: string): void {
  budget.expanded += bytes;
  if (budget.expanded > budget.limits.maxExpandedBytes) {
    throw tooLarge(fileName, budget.limits);
  }
}

async function checkZip(zip: Buffer, budget: Budget, fileName: string, depth: number): Promise<number> {
  const entries = zipEntries(zip, budget.limits.maxEntries - budget.entries);
  budget.entries += entries.length;
  const declared = entries.reduce((sum, entry) => sum + entry.declaredSize, 0);
  if (budget.expanded + declared > budget.limits.maxExpandedBytes) {
    throw tooLarge(fileName, budget.limits);
  }
  let expanded = 0;
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== ZIP_LOCAL) throw new Damaged();
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + entry.compressedSize > zip.length) throw new Damaged();
    const data = zip.subarray(start, start + entry.compressedSize);
    if (entry.encrypted || (entry.method !== 0 && entry.method !== 8)) {
      // Not unpacked here (encrypted, or bzip2, LZMA…): what it declares is what is counted.
      spend(budget, entry.declaredSize, fileName);
      expanded += entry.declaredSize;
      continue;
    }
    const unpacked =
      entry.method === 0
        ? { size: data.length, nested: isCheckedArchive(data) ? Buffer.from(data) : null }
        : await unpack(data, createInflateRaw(), budget, fileName);
    if (entry.method === 0) spend(budget, data.length, fileName);
    expanded += unpacked.size;
    if (unpacked.nested) await checkNested(unpacked.nested, budget, fileName, depth + 1);
  }
  return expanded;
}

async function checkNested(bytes: Buffer, budget: Budget, fileName: string, depth: number): Promise<void> {
  if (depth > budget.limits.maxDepth) {
    const max = budget.limits.maxDepth;
    throw refuse(fileName, [`archives are nested more than ${max} deep`, 'problem.archiveNested', { max }]);
  }
  const expanded = isZip(bytes)
    ? await checkZip(bytes, budget, fileName, depth)
    : await checkGzip(bytes, budget, fileName, depth);
  checkRatio(expanded, bytes.length, budget.limits, fileName);
}

async function checkGzip(gzip: Buffer, budget: Budget, fileName: string, depth: number): Promise<number> {
  budget.entries += 1;
  const unpacked = await unpack(gzip, createGunzip(), budget, fileName);
  if (unpacked.nested) await checkNested(unpacked.nested, budget, fileName, depth + 1);
  return unpacked.size;
}

function checkRatio(expanded: number, packed: number, limits: ArchiveLimits, fileName: string): void {
  if (expanded > limits.ratioFloorBytes && expanded / Math.max(packed, 1) > limits.maxRatio) {
    const max = limits.maxRatio;
    throw refuse(fileName, [`the archive is packed more than ${max} to 1`, 'problem.archiveRatio', { max }]);
  }
}

/**
 * Refuses an archive that unpacks past the limits (ArchiveTooLarge, 413), is packed past the ratio,
 * nests too deep, holds too many files or is damaged (Invalid, 400). Anything else passes.
 */
export async function checkArchive(
  bytes: Buffer,
  fileName: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<void> {
  if (!isCheckedArchive(bytes)) return;
  const budget: Budget = { limits, expanded: 0, entries: 0 };
  try {
    await checkNested(bytes, budget, fileName, 1);
  } catch (error) {
    // A read past the end of the bytes (RangeError) is a damaged archive too.
    if (error instanceof Damaged || error instanceof RangeError) {
      throw refuse(fileName, ['the archive is damaged', 'problem.archiveDamaged', {}]);
    }
    if (error instanceof TooManyEntries) {
      const max = limits.maxEntries;
      throw refuse(fileName, [`the archive holds more than ${max} files`, 'problem.archiveEntries', { max }]);
    }
    throw error;
  }
}

/**
 * Whether the Flate streams of a PDF unpack within `maxExpandedBytes` together; text extraction
 * unpacks them all, so a PDF over the budget is not read for text.
 */
export async function pdfUnpacksWithin(
  pdf: Buffer,
  maxExpandedBytes: number = DEFAULT_ARCHIVE_LIMITS.maxExpandedBytes,
): Promise<boolean> {
  const budget: Budget = {
    limits: { ...DEFAULT_ARCHIVE_LIMITS, maxExpandedBytes, maxNestedBytes: 0 },
    expanded: 0,
    entries: 0,
  };
  let from = 0;
  for (;;) {
    const keyword = pdf.indexOf('stream', from, 'latin1');
    if (keyword < 0) return true;
    from = keyword + 6;
    if (pdf.subarray(keyword - 3, keyword).toString('latin1') === 'end') continue;
    const dictionary = pdf.subarray(Math.max(0, keyword - 1024), keyword).toString('latin1');
    let start = keyword + 6;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    const end = pdf.indexOf('endstream', start, 'latin1');
    if (end < 0) return true;
    from = end + 9;
    if (!dictionary.slice(dictionary.lastIndexOf('obj')).includes('FlateDecode')) continue;
    try {
      await unpack(pdf.subarray(start, end), createInflate(), budget, 'pdf');
    } catch (error) {
      if (error instanceof ArchiveTooLarge) return false;
      // A damaged stream: pdf.js copes with it (or not) without unpacking more than it holds.
    }
  }
}
