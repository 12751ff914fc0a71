/**
 * The notice to the applicant that a citizen application's deadline was extended: an outgoing
 * document of its own, written in the institution's language, addressed to the applicant, linked to
 * the application and numbered in the outgoing register — in the transaction of the extension
 * (extendDeadline), so that a refused extension numbers nothing. It is e-mailed to the applicant
 * through the mail outbox when the applicant's card has an e-mail address (recorded dispatched by
 * e-mail); otherwise it waits in the registry to be posted or handed over (the outgoing register's
 * process, when deployed, gives the registrars its Dispatch task).
 */
import { createHash } from 'node:crypto';
import { csTexts } from '../i18n/csTexts.js';
import { kkTexts } from '../i18n/kkTexts.js';
import { ltTexts } from '../i18n/ltTexts.js';
import { auditActor, localDate, settingsOf, type UseCaseContext } from '../context.js';
import { Conflict } from '../errors.js';
import { DEFAULT_MAIL_LANGUAGE, type MailLanguage } from '../mail/mailMessages.js';
import { createFormatter } from '../printing/formatting.js';
import type { DocumentRecord, Register, Repositories } from '../store/ports.js';
import type { Correspondent } from '../store/recordPorts.js';
import type { JsonObject } from '../store/workflowPorts.js';
import { findLatestDefinition } from '../workflow/runtime/definitions.js';
import { startProcessIn } from '../workflow/runtime/startProcess.js';
import { pdfName, renderLetterPdf } from './letterMail.js';
import { numberDraft } from './registrationNumber.js';
import { documentSearchText } from './searchText.js';

/** The language notices to applicants are written in: the institution's (as the pages' default). */
export const INSTITUTION_LANGUAGE: MailLanguage = DEFAULT_MAIL_LANGUAGE;

/** How the notice reaches the applicant. */
export type NoticeDelivery = 'email' | 'post_or_hand_over';

export interface ExtensionNotice {
  document: DocumentRecord;
  delivery: NoticeDelivery;
  /** The applicant's e-mail address the notice was queued to, when e-mailed. */
  email: string | null;
  /** The queued mail (engine/mail), when e-mailed. */
  mailId: string | null;
  /**
   * The notice as a PDF, attached to the mail: printed in the transaction, stored in the blob store
   * by the caller once it committed (`storeNoticePdf`; the blob store is outside transactions).
   */
  pdf: Buffer | null;
}

export interface NoticeTexts {
  subject: string;
  body: string;
}

const TEXTS: Record<MailLanguage, NoticeTexts> = {
  lv: {
    subject: 'Par iesnieguma Nr. {application} izskatīšanas termiņa pagarinājumu',
    body:
      '{applicant}!\n\n' +
      'Informējam, ka Jūsu iesnieguma "{subject}" (reģ. Nr. {application}, {registeredOn}) ' +
      'izskatīšanas termiņš ir pagarināts no {from} līdz {to}.\n\n' +
      'Pagarinājuma iemesls: {reason}\n\n' +
      '{institution}\n{signedBy}',
  },
  en: {
    subject: 'Extension of the deadline for your application No. {application}',
    body:
      'Dear {applicant},\n\n' +
      'The deadline for answering your application "{subject}" (No. {application} of {registeredOn}) ' +
      'has been extended from {from} to {to}.\n\n' +
      'Reason for the extension: {reason}\n\n' +
      '{institution}\n{signedBy}',
  },
  ru: {
    subject: 'О продлении срока рассмотрения заявления № {application}',
    body:
      '{applicant}!\n\n' +
      'Сообщаем, что срок рассмотрения вашего заявления «{subject}» (рег. № {application} от {registeredOn}) ' +
      'продлён с {from} до {to}.\n\n' +
      'Причина продления: {reason}\n\n' +
      '{institution}\n{signedBy}',
  },
  lt: ltTexts.extensionNotice,
  cs: csTexts.extensionNotice,
  kk: kkTexts.extensionNotice,
};

/** The first line of a letter's mail (also an e-mailed outgoing letter's, engine/records/letterMail.ts). */
export const MAIL_HEADER: Record<MailLanguage, string> = {
  lv: '{institution}, dokuments Nr. {number}, {date}',
  en: '{institution}, document No. {number}, {date}',
  ru: '{institution}, документ № {number} от {date}',
  lt: ltTexts.mailHeader,
  cs: csTexts.mailHeader,
  kk: kkTexts.mailHeader,
};

export const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);

/** An address a mail may go to: one line, one `@`, a dot in the domain (as correspondent cards check). */
export function deliverableEmail(email: string | null | undefined): string | null {
  const address = (email ?? '').trim();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) ? address : null;
}

/**
 * The outgoing register the notice is numbered in: an active outgoing register of the application
 * register's department, else the first active outgoing register by code.
 */
async function noticeRegister(tx: Repositories, application: Register): Promise<Register> {
  const outgoing = (await tx.registers.list())
    .filter((r) => r.active && r.kind === 'outgoing')
    .sort((a, b) => a.code.localeCompare(b.code));
  const register =
    outgoing.find((r) => r.departmentId !== null && r.departmentId === application.departmentId) ??
    outgoing[0];
  if (!register) {
    throw new Conflict(
      'There is no active outgoing register to number the notice to the applicant in; ask an administrator to create one.',
      'refusal.noNoticeRegister',
    );
  }
  return register;
}

export interface IssueNoticeProps {
  application: DocumentRecord;
  applicationRegister: Register;
  previousDueDate: string | null;
  newDueDate: string;
  reason: string;
  now: Date;
}

/** Writes, numbers and sends (or leaves for the registry) the notice, in the caller's transaction. */
export async function issueExtensionNotice(
  ctx: UseCaseContext,
  tx: Repositories,
  props: IssueNoticeProps,
): Promise<ExtensionNotice> {
  const { application, now } = props;
  const settings = settingsOf(ctx);
  const register = await noticeRegister(tx, props.applicationRegister);
  const applicant: Correspondent | null = application.correspondentId
    ? await tx.correspondents.get(application.correspondentId)
    : null;
  const language = INSTITUTION_LANGUAGE;
  const format = createFormatter(language, settings.timeZone);
  const values = {
    applicant: applicant?.name ?? '',
    subject: application.subject,
    application: application.registrationNumber,
    registeredOn: format.date(application.registeredOn),
    from: format.date(props.previousDueDate),
    to: format.date(props.newDueDate),
    reason: props.reason,
    institution: settings.institutionName ?? 'Kanceleja',
    signedBy: ctx.actor.displayName,
  };
  const subject = fill(TEXTS[language].subject, values);
  const body = fill(TEXTS[language].body, values).trim();
  const draft = await tx.documents.insertDraft({
    registerId: register.id,
    draftedOn: localDate(now, settings.timeZone),
    subject,
    body,
    documentKind: 'letter',
    correspondentId: applicant?.id ?? null,
    confidentiality: application.confidentiality,
    replyToId: null,
    searchText: documentSearchText([subject, applicant?.name]),
    createdBy: (ctx.actor.id ?? application.createdBy) as string,
  });
  await tx.documentAccess.link(draft.id, application.id);
  // Whoever the application is open to by name (readers, routed executors) sees its notice too.
  for (const grant of await tx.documentAccess.list(application.id)) {
    await tx.documentAccess.grant({
      documentId: draft.id,
      userId: grant.userId,
      departmentId: grant.departmentId,
      reason: grant.reason,
      grantedBy: ctx.actor.id,
    });
  }
  const numbered = await numberDraft(tx, ctx.actor, now, settings.timeZone, draft, {
    noticeOf: application.registrationNumber,
    noticeOfId: application.id,
    ...(applicant ? { correspondent: applicant.name } : {}),
  });

  const email = deliverableEmail(applicant?.email);
  if (email) {
    // The notice goes as its PDF, as an answer letter does (letterMail.ts), printed from this
    // transaction's rows: the mail and its file are queued with the extension or not at all.
    const pdf = await renderLetterPdf({ ...ctx, store: { ...ctx.store, ...tx } }, numbered.id);
    const mail = await tx.mailOutbox.enqueue({
      recipient: email,
      subject: `${subject} (${numbered.registrationNumber})`.replace(/[\r\n]+/g, ' ').slice(0, 200),
      body: `${fill(MAIL_HEADER[language], {
        institution: values.institution,
        number: numbered.registrationNumber,
        date: format.date(numbered.registeredOn),
      })}\n\n${body}\n`,
      createdAt: now,
      attachments: [
        {
          sha256: createHash('sha256').update(pdf).digest('hex'),
          fileName: pdfName(numbered.registrationNumber),
          contentType: 'application/pdf',
        },
      ],
    });
    const sent = await tx.documents.recordDispatch(numbered.id, numbered.version, 'email', now);
    const dispatched = await tx.documents.setStatus(sent.id, sent.version, 'dispatched');
    await tx.audit.append({
      ...auditActor(ctx.actor),
      occurredAt: now,
      action: 'document.dispatched',
      objectType: 'document',
      objectId: numbered.id,
      details: {
        registrationNumber: numbered.registrationNumber,
        channel: 'email',
        dispatchedAt: now.toISOString(),
        recipient: email,
        mailId: mail.id,
      },
    });
    return { document: dispatched, delivery: 'email', email, mailId: mail.id, pdf };
  }

  // No e-mail: the registry posts it or hands it over, through the register's Dispatch task.
  const definition = register.processKey ? await findLatestDefinition(tx, register.processKey) : null;
  if (definition) {
    const variables: JsonObject = {
      documentId: numbered.id,
      registrationNumber: numbered.registrationNumber,
      subject: numbered.subject,
      registerCode: register.code,
      author: ctx.actor.username,
      replyToId: null,
    };
    await startProcessIn(ctx, tx, { key: definition.key, businessKey: numbered.id, variables }, definition);
  }
  return { document: numbered, delivery: 'post_or_hand_over', email: null, mailId: null, pdf: null };
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/**
 * Stores the e-mailed notice's PDF once its transaction committed; until then its mail cannot be
 * sent (the sender retries it), so a notice is never mailed without its file.
 */
export async function storeNoticePdf(ctx: UseCaseContext, notice: ExtensionNotice): Promise<void> {
  if (notice.pdf) await ctx.store.blobs.put(once(notice.pdf), { maxBytes: notice.pdf.length + 1 });
}
