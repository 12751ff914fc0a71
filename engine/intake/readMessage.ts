/**
 * One e-mail message as an intake item: the source kept as a blob (`.eml`), its parts parsed by
 * mailparser, its files through the attachment pipeline (prepareAttachment: size limit, type
 * sniffing, programs refused, SHA-256). Nothing about a message stops intake: what is wrong with it
 * (no sender, a broken MIME tree, a refused file, an endless subject, NUL bytes) becomes a problem
 * on the item, and the clerk decides.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { prepareAttachment } from '../records/attachments.js';
import { ArchiveTooLarge } from '../records/archiveLimits.js';
import { DomainError, Invalid } from '../errors.js';
import type { Store } from '../store/ports.js';
import type { IntakeAttachment, IntakeProblem, NewIntakeItem } from '../store/intakePorts.js';

export const MAX_SUBJECT = 1000;
export const MAX_BODY = 100_000;
const MAX_NAME = 200;
const MAX_ID = 900;
const MAX_REFERENCES = 50;

/** Where the message was found, and what it was found as. */
export interface MessagePlace {
  mailbox: string;
  uidValidity: number;
  uid: number;
  receivedAt: Date;
}

/** The envelope of a message too large to take: what the IMAP server said about it. */
export interface MessageEnvelope {
  messageId?: string | null;
  inReplyTo?: string | null;
  subject?: string | null;
  date?: Date | null;
  from?: { name?: string | null; address?: string | null } | null;
  size: number;
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text PostgreSQL and the pages take: no NUL or other control characters, no lone surrogates. */
class Cleaner {
  sawControl = false;
  clean(value: string | null | undefined, keepLines: boolean): string {
    if (!value) return '';
    let text = value.replace(LONE_SURROGATE, '\ufffd');
    if (!keepLines) text = text.replace(/[\r\n\t]+/g, ' ');
    const cleaned = text.replace(CONTROL, '');
    if (cleaned !== text) this.sawControl = true;
    return cleaned;
  }
}

const messageIdOf = (value: string | null | undefined): string | null => {
  const id = value?.trim() ?? '';
  return id === '' || id.length > MAX_ID || /\s/.test(id) || id.includes('\u0000') ? null : id;
};

function referencesOf(parsed: ParsedMail): string[] {
  const raw = parsed.references ?? [];
  const list = Array.isArray(raw) ? raw : raw.split(/\s+/);
  return list.flatMap((id) => messageIdOf(id) ?? []).slice(0, MAX_REFERENCES);
}

/**
 * A multipart message whose boundary never occurs in its body: mailparser reads it as an empty
 * message without complaint, so this looks at the top-level header itself.
 */
function brokenMultipart(source: Buffer): boolean {
  const headerEnd = source.indexOf('\r\n\r\n') >= 0 ? source.indexOf('\r\n\r\n') : source.indexOf('\n\n');
  const header = source.subarray(0, headerEnd < 0 ? source.length : headerEnd).toString('latin1');
  const unfolded = header.replace(/\r?\n[ \t]+/g, ' ');
  const contentType = /^content-type:\s*([^\r\n]*)/im.exec(unfolded)?.[1] ?? '';
  if (!/^\s*multipart\//i.test(contentType)) return false;
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = boundary?.[1] ?? boundary?.[2];
  if (!value || headerEnd < 0) return true;
  const body = source.subarray(headerEnd).toString('latin1');
  return !body.includes(`--${value}`) || !body.includes(`--${value}--`);
}

function problemOfFile(error: unknown, fileName: string, maxBytes: number): IntakeProblem {
  if (error instanceof ArchiveTooLarge) return { code: 'archive_refused', fileName, message: error.message };
  if (error instanceof Invalid && error.messageCode === 'refusal.archiveRefused') {
    return { code: 'archive_refused', fileName, message: error.problems[0]?.message ?? error.message };
  }
  if (error instanceof DomainError && error.name === 'TooLarge') {
    return {
      code: 'attachment_too_large',
      fileName,
      message: `"${fileName}" is larger than ${Math.round(maxBytes / 1024 / 1024)} MB and was not taken.`,
    };
  }
  if (error instanceof DomainError) {
    return { code: 'attachment_refused', fileName, message: error.message };
  }
  throw error;
}

export interface ReadMessageOptions {
  store: Pick<Store, 'blobs'>;
  /** The largest file taken (MAX_UPLOAD_MB). */
  maxAttachmentBytes: number;
}

/** Reads a message's source into an item (without its correspondent, which the caller matches). */
export async function readMessage(
  source: Buffer,
  place: MessagePlace,
  options: ReadMessageOptions,
): Promise<Omit<NewIntakeItem, 'correspondentId'>> {
  const problems: IntakeProblem[] = [];
  const cleaner = new Cleaner();
  const sourceSha256 = createHash('sha256').update(source).digest('hex');
  // The original is kept as it came: whatever the parser makes of it, the clerk can open the .eml.
  const eml = await options.store.blobs.put(once(source), { maxBytes: source.length + 1 });

  let parsed: ParsedMail | null = null;
  try {
    parsed = await simpleParser(source, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (error) {
    problems.push({
      code: 'unreadable',
      message: `The message could not be read as e-mail (${(error as Error).message}).`,
    });
  }
  if (brokenMultipart(source)) {
    problems.push({
      code: 'malformed_mime',
      message: 'The message is damaged: its parts are not marked as MIME requires; open the original.',
    });
  }

  const sender = parsed?.from?.value.find((address) => address.address);
  const fromAddress = cleaner.clean(sender?.address, false).trim().slice(0, 254) || null;
  if (fromAddress === null) {
    problems.push({ code: 'no_sender', message: 'The message names no sender.' });
  }
  let subject = cleaner.clean(parsed?.subject, false).trim();
  if (subject.length > MAX_SUBJECT) {
    problems.push({
      code: 'subject_too_long',
      message: `The subject is ${subject.length} characters long; the first ${MAX_SUBJECT} were kept.`,
    });
    subject = subject.slice(0, MAX_SUBJECT);
  }
  let bodyText = cleaner.clean(parsed?.text, true);
  if (bodyText.length > MAX_BODY) {
    problems.push({
      code: 'body_too_long',
      message: `The text is ${bodyText.length} characters long; the first ${MAX_BODY} were kept.`,
    });
    bodyText = bodyText.slice(0, MAX_BODY);
  }

  const attachments: IntakeAttachment[] = [];
  for (const [index, file] of (parsed?.attachments ?? []).entries()) {
    const fileName = cleaner.clean(file.filename, false).trim() || `attachment-${index + 1}`;
    try {
      attachments.push(
        await prepareAttachment(options.store as Store, {
          fileName,
          content: once(file.content),
          maxBytes: options.maxAttachmentBytes,
        }),
      );
    } catch (error) {
      problems.push(problemOfFile(error, fileName, options.maxAttachmentBytes));
    }
  }
  if (cleaner.sawControl) {
    problems.push({
      code: 'control_characters',
      message: 'The message contains NUL or other control characters; they were left out.',
    });
  }

  const messageId = messageIdOf(parsed?.messageId);
  const date = parsed?.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  return {
    ...place,
    dedupeKey: messageId ?? `sha256:${sourceSha256}`,
    messageId,
    fromAddress,
    fromName: cleaner.clean(sender?.name, false).trim().slice(0, MAX_NAME) || null,
    subject,
    sentAt: date && date.getUTCFullYear() >= 1970 && date.getUTCFullYear() < 10_000 ? date : null,
    bodyText,
    inReplyTo: messageIdOf(parsed?.inReplyTo),
    references: parsed ? referencesOf(parsed) : [],
    emlSha256: eml.sha256,
    emlSize: eml.size,
    attachments,
    problems,
  };
}

/** A message too large to take: an item from its envelope, without its source or files. */
export function envelopeItem(
  envelope: MessageEnvelope,
  place: MessagePlace,
  maxMessageBytes: number,
): Omit<NewIntakeItem, 'correspondentId'> {
  const cleaner = new Cleaner();
  const messageId = messageIdOf(envelope.messageId);
  const fromAddress = cleaner.clean(envelope.from?.address, false).trim().slice(0, 254) || null;
  const problems: IntakeProblem[] = [
    {
      code: 'message_too_large',
      message: `The message is ${Math.round(envelope.size / 1024 / 1024)} MB, more than the ${Math.round(
        maxMessageBytes / 1024 / 1024,
      )} MB taken; it was left in the mailbox, open it there.`,
    },
  ];
  if (fromAddress === null) problems.push({ code: 'no_sender', message: 'The message names no sender.' });
  return {
    ...place,
    dedupeKey: messageId ?? `uid:${place.mailbox}:${place.uidValidity}:${place.uid}`.slice(0, 1000),
    messageId,
    fromAddress,
    fromName: cleaner.clean(envelope.from?.name, false).trim().slice(0, MAX_NAME) || null,
    subject: cleaner.clean(envelope.subject, false).trim().slice(0, MAX_SUBJECT),
    sentAt: envelope.date && !Number.isNaN(envelope.date.getTime()) ? envelope.date : null,
    bodyText: '',
    inReplyTo: messageIdOf(envelope.inReplyTo),
    references: [],
    emlSha256: null,
    emlSize: null,
    attachments: [],
    problems,
  };
}
