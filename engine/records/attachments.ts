/**
 * Attachments: the bytes go to the content-addressed BlobStore first (streamed, size-limited,
 * hashed), their type is sniffed from the bytes, executables are refused, archives are unpacked
 * within bounds to refuse zip bombs (archiveLimits.ts), text is extracted for search; then the attachment row is written in the document's transaction.
 */
import { mayAddAttachments, requireOpenDocument, viewerOf } from '../policies/document.js';
import type { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { PDFParse } from 'pdf-parse';
import { auditActor, type UseCaseContext } from '../context.js';
import { Forbidden, Invalid, NotFound } from '../errors.js';
import { checkArchive, isCheckedArchive, pdfUnpacksWithin } from './archiveLimits.js';
import type { Repositories, Store } from '../store/ports.js';
import type { Attachment } from '../store/recordPorts.js';
import { documentSearchText } from './searchText.js';

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Stored bytes, checked and described, waiting for their row. */
export interface PreparedAttachment {
  fileName: string;
  sha256: string;
  size: number;
  contentType: string;
  textContent: string | null;
}

const EXECUTABLE_TYPES = new Set([
  'application/x-msdownload',
  'application/vnd.microsoft.portable-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-executable',
  'application/x-sharedlib',
  'application/java-vm',
  'application/x-java-applet',
  'application/vnd.android.dex',
  'application/wasm',
  'application/x-msi',
]);
const EXECUTABLE_EXTENSIONS =
  /\.(exe|com|bat|cmd|scr|pif|msi|msp|dll|sys|cpl|js|jse|vbs|vbe|wsf|wsh|ps1|psm1|hta|jar|sh|bash|app|apk|lnk|reg)$/i;
/** Text extracted for search is capped: a register searches what a letter says, not a whole book. */
const MAX_TEXT = 200_000;

function cleanFileName(name: string): string {
  // Keep the last path segment only: a browser may send `C:\Users\…\iesniegums.pdf`.
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 4)));
    return true;
  } catch {
    return false;
  }
}

async function sniff(head: Uint8Array): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (head.length >= 2 && head[0] === 0x23 && head[1] === 0x21) return 'text/x-script';
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function extractText(store: Store, sha256: string, contentType: string): Promise<string | null> {
  if (contentType === 'text/plain') {
    return (await readAll(await store.blobs.open(sha256))).toString('utf8').slice(0, MAX_TEXT);
  }
  if (contentType !== 'application/pdf') return null;
  const pdf = await readAll(await store.blobs.open(sha256));
  // A PDF whose streams unpack past the archive budget is kept, but not read for text.
  if (!(await pdfUnpacksWithin(pdf))) return null;
  const parser = new PDFParse({ data: pdf });
  try {
    return (await parser.getText()).text.slice(0, MAX_TEXT);
  } catch {
    // A damaged or encrypted PDF is still a valid attachment; it is just not searchable.
    return null;
  } finally {
    await parser.destroy();
  }
}

/** Stores and checks one uploaded file; refuses executables and files over `maxBytes`. */
export async function prepareAttachment(
  store: Store,
  props: { fileName: string; content: AsyncIterable<Uint8Array>; maxBytes?: number },
): Promise<PreparedAttachment> {
  const fileName = cleanFileName(props.fileName);
  if (fileName === '')
    throw new Invalid(
      'The file has no name.',
      [{ field: 'fileName', message: 'is required', code: 'problem.required' }],
      'refusal.noFileName',
    );
  const stored = await store.blobs.put(props.content, {
    maxBytes: props.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  });
  const contentType = await sniff(stored.head);
  if (
    EXECUTABLE_TYPES.has(contentType) ||
    contentType === 'text/x-script' ||
    EXECUTABLE_EXTENSIONS.test(fileName)
  ) {
    throw new Invalid(
      `"${fileName}" is a program or script; such files are not accepted.`,
      [
        {
          field: 'attachments',
          message: `${fileName}: programs and scripts are not accepted`,
          code: 'problem.programFile',
          params: { fileName },
        },
      ],
      'refusal.programFile',
      { fileName },
    );
  }
  if (stored.size === 0) {
    throw new Invalid(
      `"${fileName}" is empty.`,
      [
        {
          field: 'attachments',
          message: `${fileName}: the file is empty`,
          code: 'problem.emptyFile',
          params: { fileName },
        },
      ],
      'refusal.emptyFile',
      { fileName },
    );
  }
  if (isCheckedArchive(stored.head)) {
    await checkArchive(await readAll(await store.blobs.open(stored.sha256)), fileName);
  }
  return {
    fileName,
    sha256: stored.sha256,
    size: stored.size,
    contentType,
    textContent: await extractText(store, stored.sha256, contentType),
  };
}

/**
 * Stores and checks a file a person sends with a form, before the use case that files it (which
 * checks what it is filed into); the system sends no files.
 */
export async function uploadFile(
  ctx: UseCaseContext,
  props: { fileName: string; content: AsyncIterable<Uint8Array>; maxBytes?: number },
): Promise<PreparedAttachment> {
  if (ctx.actor.id === null) throw new Forbidden('The system sends no files.', 'refusal.systemSendsFiles');
  return prepareAttachment(ctx.store, props);
}

/** Recomputes what search matches for a document: number, subject, correspondent, attachment text. */
export async function refreshSearchText(tx: Repositories, documentId: string): Promise<void> {
  const document = await tx.documents.get(documentId);
  if (!document) return;
  const correspondent = document.correspondentId
    ? await tx.correspondents.get(document.correspondentId)
    : null;
  await tx.documents.setSearchText(
    documentId,
    documentSearchText([
      document.registrationNumber,
      document.subject,
      correspondent?.name,
      document.theirNumber,
      ...(await tx.attachments.texts(documentId)),
    ]),
  );
}

/** Writes the rows of prepared attachments of a document, inside the caller's transaction. */
export async function attachPrepared(
  ctx: UseCaseContext,
  tx: Repositories,
  documentId: string,
  prepared: PreparedAttachment[],
): Promise<Attachment[]> {
  const attachments: Attachment[] = [];
  for (const file of prepared) {
    const attachment = await tx.attachments.insert({ ...file, documentId, uploadedBy: ctx.actor.id });
    attachments.push(attachment);
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: ctx.clock.now(),
      action: 'attachment.added',
      objectType: 'document',
      objectId: documentId,
      details: { attachmentId: attachment.id, fileName: file.fileName, sha256: file.sha256, size: file.size },
    });
  }
  if (prepared.some((file) => file.textContent)) await refreshSearchText(tx, documentId);
  return attachments;
}

function requireAttacher(ctx: UseCaseContext): void {
  if (!mayAddAttachments(ctx.actor)) {
    throw new Forbidden('You may not add attachments.', 'refusal.addAttachments');
  }
}

async function requireAttachableDocument(ctx: UseCaseContext, documentId: string): Promise<void> {
  requireAttacher(ctx);
  if (!(await ctx.store.documentAccess.canSee(documentId, viewerOf(ctx.actor)))) {
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  }
}

async function attachToOpenDocument(
  ctx: UseCaseContext,
  documentId: string,
  prepared: PreparedAttachment,
): Promise<Attachment> {
  return ctx.store.transaction(async (tx) => {
    const document = await tx.documents.get(documentId);
    if (!document) throw new NotFound('No such document.', 'refusal.noSuchDocument');
    requireOpenDocument(document);
    const [attachment] = await attachPrepared(ctx, tx, documentId, [prepared]);
    return attachment as Attachment;
  });
}

/** Adds a file to a document the actor may see. */
export async function addAttachment(
  ctx: UseCaseContext,
  props: { documentId: string; fileName: string; content: AsyncIterable<Uint8Array>; maxBytes?: number },
): Promise<Attachment> {
  await requireAttachableDocument(ctx, props.documentId);
  const prepared = await prepareAttachment(ctx.store, props);
  return attachToOpenDocument(ctx, props.documentId, prepared);
}

/** Adds a file stored already by `uploadFile` to a document the actor may see. */
export async function addUploadedAttachment(
  ctx: UseCaseContext,
  props: { documentId: string; file: PreparedAttachment },
): Promise<Attachment> {
  await requireAttachableDocument(ctx, props.documentId);
  return attachToOpenDocument(ctx, props.documentId, props.file);
}

/** An attachment's description and its bytes; the stream fails if the stored bytes were damaged. */
export async function openAttachment(
  ctx: UseCaseContext,
  attachmentId: string,
): Promise<{ attachment: Attachment; content: Readable }> {
  const attachment = await ctx.store.attachments.get(attachmentId);
  if (!attachment || !(await ctx.store.documentAccess.canSee(attachment.documentId, viewerOf(ctx.actor)))) {
    throw new NotFound('No such attachment.', 'refusal.noSuchAttachment');
  }
  return { attachment, content: await ctx.store.blobs.open(attachment.sha256) };
}

export async function listAttachments(ctx: UseCaseContext, documentId: string): Promise<Attachment[]> {
  if (!(await ctx.store.documentAccess.canSee(documentId, viewerOf(ctx.actor)))) {
    throw new NotFound('No such document.', 'refusal.noSuchDocument');
  }
  return ctx.store.attachments.list(documentId);
}
