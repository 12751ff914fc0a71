/**
 * A citizen's application through an e-service (issue 17, part 1): checked whole, then registered
 * at once into the service's register in one transaction — the number taken by the register's
 * gapless counter, the applicant's correspondent card matched (by e-mail or personal code) or
 * created, the files attached, the register's routing process started, the tracking token's hash
 * stored and the mail with the number and the tracking link queued. A refused application stores
 * nothing and takes no number. Abuse: a honeypot field, and submission counts per address and per
 * e-mail kept in the database (several servers count together).
 */
import { createHash, randomBytes } from 'node:crypto';
import { auditActor, type Actor, localDate, settingsOf } from '../context.js';
import { Conflict, Invalid, type Problem } from '../errors.js';
import { mailLanguageOf } from '../mail/mailMessages.js';
import { ArchiveTooLarge } from '../records/archiveLimits.js';
import { attachPrepared, prepareAttachment, type PreparedAttachment } from '../records/attachments.js';
import { maskPersonalCode } from '../records/correspondents.js';
import { registerDueDate } from '../records/deadlineRule.js';
import { auditRegistration, startRegistrationRouting } from '../records/registerDocument.js';
import { departmentCodeFor, takeRegistrationNumber } from '../records/registrationNumber.js';
import { documentSearchText } from '../records/searchText.js';
import { problem as fileProblem, Problems } from '../kernel/problems.js';
import { findLatestDefinition } from '../workflow/runtime/definitions.js';
import { openEService, type PortalContext, type PortalLanguage } from './eServices.js';
import { applicationMail } from './portalMail.js';
import { answerLines, checkAnswers, publicFormFields } from './portalForm.js';

/** Too many submissions from one address or for one e-mail: try again later (429). */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many applications were sent from here; try again later.');
    this.name = 'RateLimited';
  }
}

export interface PortalLimits {
  /** Submissions (accepted or not) from one address per hour. */
  perAddressPerHour: number;
  /** Accepted applications for one e-mail address per day. */
  perEmailPerDay: number;
  maxFiles: number;
  maxFileBytes: number;
}

export const DEFAULT_PORTAL_LIMITS: PortalLimits = {
  perAddressPerHour: 20,
  perEmailPerDay: 5,
  maxFiles: 5,
  maxFileBytes: 10 * 1024 * 1024,
};

export interface ApplicationFile {
  fileName: string;
  content: () => AsyncIterable<Uint8Array>;
  /** The upload was cut at the size limit. */
  tooLarge: boolean;
}

export interface ApplicationInput {
  serviceCode: string;
  language: PortalLanguage;
  name: string;
  email: string;
  /** The e-mail typed a second time: the address is confirmed by typing it twice. */
  emailAgain: string;
  personalCode?: string;
  phone?: string;
  /** The service's form, as posted (`f_<key>`). */
  fields: Record<string, string>;
  files: ApplicationFile[];
  tooManyFiles?: boolean;
  /** The honeypot: a field people never see; anything in it is a robot. */
  honeypot?: string;
  /** Where the request came from, for the per-address limit. */
  address: string;
}

export interface SubmittedApplication {
  documentId: string;
  registrationNumber: string;
  registeredOn: string;
  dueDate: string | null;
  /** The tracking token, shown once on the page and sent in the mail; only its hash is stored. */
  token: string;
  trackingPath: string;
  maskedPersonalCode: string | null;
  email: string;
}

const REFUSED = 'The application cannot be registered.';
export const hashTrackingToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const trackingPath = (token: string): string => `/e-services/track/${token}`;

const portalActor = (email: string, name: string): Actor => ({
  id: null,
  username: `portal:${email}`,
  displayName: name,
  roles: [],
  departmentId: null,
});

/** `010190-12345` or `01019012345` → `010190-12345`; null when it is no personal code. */
function personalCodeOf(value: string): string | null {
  const digits = /^(\d{6})-?(\d{5})$/.exec(value.replace(/\s/g, ''));
  return digits ? `${digits[1]}-${digits[2]}` : null;
}

/** Counted windows are an hour or a day long; older ones than this are of no use. */
const RATE_WINDOWS_KEPT_MS = 2 * 24 * 60 * 60 * 1000;

async function countAgainst(ctx: PortalContext, key: string, windowMs: number, max: number): Promise<void> {
  const now = ctx.clock.now().getTime();
  const windowStart = new Date(now - (now % windowMs));
  const count = await ctx.store.portal.countSubmission(key, windowStart);
  // The first count of a window clears windows long past: the table stays small without a job.
  if (count === 1) await ctx.store.portal.pruneRateLimits(new Date(now - RATE_WINDOWS_KEPT_MS));
  if (count > max) throw new RateLimited(Math.ceil((windowStart.getTime() + windowMs - now) / 1000));
}

export async function submitApplication(
  ctx: PortalContext,
  input: ApplicationInput,
  limits: PortalLimits = DEFAULT_PORTAL_LIMITS,
): Promise<SubmittedApplication> {
  // Every submission counts toward its address's limit, refused ones too.
  await countAgainst(ctx, `ip:${input.address}`, 60 * 60 * 1000, limits.perAddressPerHour);
  const service = await openEService(ctx, input.serviceCode);
  if ((input.honeypot ?? '').trim() !== '') {
    ctx.logger?.info({ service: service.code, address: input.address }, 'portal: honeypot filled, refused');
    throw new Invalid('The application was not accepted.', [], 'refusal.applicationNotAccepted');
  }

  const problems = new Problems();
  const name = problems.text('name', input.name, 300);
  const email = problems.text('email', input.email, 200).toLowerCase();
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    problems.add('email', 'is not an e-mail address', 'problem.email');
  else if (email && email !== input.emailAgain.trim().toLowerCase()) {
    problems.add('emailAgain', 'the two e-mail addresses differ', 'problem.emailsDiffer');
  }
  const typedCode = problems.optionalText('personalCode', input.personalCode, 20);
  const personalCode = typedCode ? personalCodeOf(typedCode) : null;
  if (typedCode && !personalCode)
    problems.add('personalCode', 'is not a personal code (DDMMYY-NNNNN)', 'problem.personalCode');
  const phone = problems.optionalText('phone', input.phone, 30);
  if (phone && !/^\+?[0-9 ()-]{5,30}$/.test(phone))
    problems.add('phone', 'is not a phone number', 'problem.phone');
  const fields = publicFormFields(service.formSchema);
  const answers = checkAnswers(fields, input.fields, problems);
  if (input.files.length > 0 && !service.attachmentsAllowed) {
    problems.add('attachments', 'this e-service takes no files', 'problem.noFilesTaken');
  }
  if (input.tooManyFiles || input.files.length > limits.maxFiles) {
    problems.add('attachments', `at most ${limits.maxFiles} files`, 'problem.atMostFiles', {
      count: limits.maxFiles,
    });
  }
  for (const file of input.files) {
    if (file.tooLarge) {
      problems.add(
        'attachments',
        `${file.fileName}: larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB`,
        'problem.fileTooLarge',
        { file: file.fileName, megabytes: Math.round(limits.maxFileBytes / 1024 / 1024) },
      );
    }
  }
  problems.check(REFUSED, 'refusal.applicationRefused');

  // The same pipeline as the registry's uploads: streamed, hashed, sniffed, programs refused.
  const prepared: PreparedAttachment[] = [];
  const fileProblems: Problem[] = [];
  for (const file of input.files) {
    try {
      prepared.push(
        await prepareAttachment(ctx.store, {
          fileName: file.fileName,
          content: file.content(),
          maxBytes: limits.maxFileBytes,
        }),
      );
    } catch (error) {
      // A zip bomb is a problem of the form like any refused file, shown next to the files.
      if (error instanceof ArchiveTooLarge) {
        fileProblems.push(fileProblem('attachments', error.message, error.messageCode, error.params));
        continue;
      }
      if (!(error instanceof Invalid)) throw error;
      fileProblems.push(...error.problems.map((problem) => ({ ...problem, field: 'attachments' })));
    }
  }
  if (fileProblems.length > 0) throw new Invalid(REFUSED, fileProblems, 'refusal.applicationRefused');
  await countAgainst(ctx, `email:${email}`, 24 * 60 * 60 * 1000, limits.perEmailPerDay);

  const actor = portalActor(email, name);
  const actorCtx = { ...ctx, actor };
  const settings = settingsOf(actorCtx);
  const now = ctx.clock.now();
  const registeredOn = localDate(now, settings.timeZone);
  const token = randomBytes(32).toString('base64url');
  const language = mailLanguageOf(input.language);
  // The clerk reads the form's answers as the application's first file (searchable, on the card).
  const summary = [
    `${service.names.lv}`,
    '',
    `Vārds, uzvārds / Name: ${name}`,
    `E-pasts / E-mail: ${email}`,
    ...(personalCode ? [`Personas kods / Personal code: ${maskPersonalCode(personalCode)}`] : []),
    ...(phone ? [`Tālrunis / Phone: ${phone}`] : []),
    '',
    ...answerLines(fields, answers),
    '',
  ].join('\n');
  prepared.unshift(
    await prepareAttachment(ctx.store, {
      fileName: `${service.code}.txt`,
      content: (async function* () {
        yield Buffer.from(summary, 'utf8');
      })(),
    }),
  );

  const registered = await ctx.store.transaction(async (tx) => {
    const register = await tx.registers.get(service.registerId);
    if (!register || !register.active)
      throw new Conflict('This e-service is not available.', 'refusal.eServiceUnavailable');
    const definition = register.processKey ? await findLatestDefinition(tx, register.processKey) : null;
    if (register.processKey && !definition)
      throw new Conflict('This e-service is not available.', 'refusal.eServiceUnavailable');
    const departmentCode = await departmentCodeFor(tx, register);
    const dueDate = registerDueDate(register, registeredOn, settings.holidayCountry);

    const matched = await tx.portal.findApplicantCard({ email, personalCode });
    const correspondent = matched
      ? await tx.correspondents.get(matched)
      : await tx.correspondents.insert({
          kind: 'person',
          name,
          registrationCode: personalCode,
          address: null,
          email,
          phone,
          eAddress: null,
        });
    if (!correspondent) throw new Conflict('The applicant card changed; send the application again.');
    if (!matched) {
      await tx.audit.append({
        ...auditActor(actor),
        occurredAt: now,
        action: 'correspondent.created',
        objectType: 'correspondent',
        objectId: correspondent.id,
        details: { kind: 'person', name, channel: 'portal' },
      });
    }
    const { year, sequence, registrationNumber } = await takeRegistrationNumber(
      tx,
      register,
      registeredOn,
      departmentCode,
    );
    const subject = service.names.lv;
    const document = await tx.documents.insert({
      registerId: register.id,
      year,
      sequence,
      registrationNumber,
      registeredOn,
      subject,
      documentKind: register.kind === 'application' ? 'application' : 'letter',
      correspondentId: correspondent.id,
      channel: 'portal',
      confidentiality: 'internal',
      priority: 'normal',
      dueDate,
      searchText: documentSearchText([registrationNumber, subject, correspondent.name]),
      createdBy: null,
    });
    await auditRegistration(actorCtx, tx, {
      at: now,
      register,
      document,
      correspondent,
      more: { channel: 'portal', eService: service.code },
    });
    await attachPrepared(actorCtx, tx, document.id, prepared);
    await tx.portal.insertApplication({
      documentId: document.id,
      eServiceId: service.id,
      tokenHash: hashTrackingToken(token),
      applicantEmail: email,
      answers,
      language,
      createdAt: now,
    });
    const { keepHot } = await startRegistrationRouting(actorCtx, tx, {
      register,
      definition,
      document,
      registrarId: null,
    });
    const link = `${settings.publicUrl ?? ''}${trackingPath(token)}`;
    await tx.mailOutbox.enqueue({
      recipient: email,
      ...applicationMail(language, {
        name,
        service: service.names[language] || service.names.lv,
        number: registrationNumber,
        date: registeredOn,
        due: dueDate ?? '—',
        link,
      }),
      createdAt: now,
    });
    await tx.audit.append({
      ...auditActor(actor),
      occurredAt: now,
      action: 'document.tracking_link_sent',
      objectType: 'document',
      objectId: document.id,
      details: { email, eService: service.code },
    });
    return { document, keepHot };
  });
  registered.keepHot();
  return {
    documentId: registered.document.id,
    registrationNumber: registered.document.registrationNumber,
    registeredOn,
    dueDate: registered.document.dueDate,
    token,
    trackingPath: trackingPath(token),
    maskedPersonalCode: personalCode ? maskPersonalCode(personalCode) : null,
    email,
  };
}
