/**
 * Answers leave by e-mail (issue 17, part 3): an outgoing letter dispatched with the channel e-mail
 * is queued to the addressee's address through the mail outbox with the letter as a PDF and its
 * files, arrives at a real SMTP server, and the card tells the mail's state and Message-ID; while
 * the mail server is down it waits in the outbox; an addressee without an address refuses the
 * dispatch and nothing changes.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { Invalid } from '../../engine/errors.js';
import { sendOutbox } from '../../engine/mail/sendOutbox.js';
import { smtpTransport } from '../../engine/mail/startMailSender.js';
import { prepareAttachment } from '../../engine/records/attachments.js';
import { loadDocumentCard } from '../../engine/records/documentCard.js';
import {
  approveLetter,
  createDraft,
  dispatchLetter,
  signAndRegister,
} from '../../engine/records/outgoingLetter.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtpSink.js';
import { freeLoopbackPort } from '../support/ports.js';
import { describeEachStore } from '../support/testStores.js';
import { aLettersWorld, type LettersWorld, openTasksOf, theTask } from './lettersWorld.js';

const ATTACHMENT = 'Aprēķins: 100 euro mēnesī.\n';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describeEachStore('outgoing letter dispatched by e-mail', (subject) => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  /** A letter to `email` (or to a card without one) with one file, approved and signed. */
  async function aSignedLetter(w: LettersWorld, email: string | null) {
    const addressee = await subject.store.correspondents.insert({
      kind: 'person',
      name: 'Līga Kalniņa',
      ...(email ? { email } : {}),
    });
    const file = await prepareAttachment(subject.store, {
      fileName: 'aprēķins.txt',
      content: Readable.from([Buffer.from(ATTACHMENT)]),
    });
    const drafted = await createDraft(w.ctx(w.author), {
      registerId: w.outgoing.id,
      subject: 'Par pabalsta piešķiršanu',
      body: 'Piešķirt pabalstu 100 euro apmērā.\nAr cieņu',
      correspondentId: addressee.id,
      approvers: [w.approverA.username],
      attachments: [file],
    });
    const approval = await theTask(subject.store, drafted.processInstanceId, 'Approval');
    await approveLetter(w.ctx(w.approverA), { taskId: approval.id, approval: 'approve' });
    const signature = await theTask(subject.store, drafted.processInstanceId, 'Signature');
    const { registrationNumber } = await signAndRegister(w.ctx(w.head), {
      taskId: signature.id,
      signature: 'sign',
    });
    const dispatch = await theTask(subject.store, drafted.processInstanceId, 'Dispatch');
    return { id: drafted.document.id, registrationNumber: registrationNumber ?? '', dispatch, drafted };
  }

  const mailIdOf = async (letterId: string) => {
    const event = (await subject.store.audit.list({ objectType: 'document', objectId: letterId })).find(
      (e) => e.action === 'document.dispatched',
    );
    return event?.details ?? {};
  };

  it('sends the letter to the addressee with its PDF and its files, and the card shows it sent', async () => {
    // given
    const w = await aLettersWorld(subject.store);
    const recipient = `liga-${Date.now()}@example.lv`;
    const letter = await aSignedLetter(w, recipient);

    // when
    await dispatchLetter(w.ctx(w.registrar), { taskId: letter.dispatch.id, channel: 'email' });
    const queued = await loadDocumentCard(w.ctx(w.head), letter.id, 'en');
    const report = await sendOutbox({
      store: subject.store,
      transport: smtpTransport(sink.url),
      from: 'kanceleja@novads.lv',
      clock: w.clock,
    });

    // then the dispatch is recorded with the mail and its recipient
    expect(report.sent).toBe(1);
    expect(await subject.store.documents.get(letter.id)).toMatchObject({
      status: 'dispatched',
      channel: 'email',
    });
    const details = await mailIdOf(letter.id);
    expect(details).toMatchObject({ channel: 'email', recipient, mailId: expect.any(String) });
    expect(queued.emailed).toMatchObject({ recipient, mailStatus: 'queued', sentAt: null });

    // and the mail arrived with the letter's PDF first, then its file, byte for byte
    const arrived = sink.received.filter((m) => m.to.includes(recipient));
    expect(arrived).toHaveLength(1);
    const parsed = await simpleParser(arrived[0]?.raw ?? '');
    expect(parsed.subject).toBe(`Par pabalsta piešķiršanu (${letter.registrationNumber})`);
    expect(parsed.text).toContain(letter.registrationNumber);
    expect(parsed.text).toContain('Piešķirt pabalstu 100 euro apmērā.');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${letter.registrationNumber.replace(/\//g, '-')}.pdf`, 'application/pdf'],
      ['aprēķins.txt', expect.stringMatching(/^text\/plain/)],
    ]);
    const [pdf, file] = parsed.attachments;
    expect(pdf?.content.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(sha256(file?.content ?? Buffer.alloc(0))).toBe(sha256(ATTACHMENT));

    // and the card shows it sent, when, and the Message-ID the server got
    const card = await loadDocumentCard(w.ctx(w.head), letter.id, 'en');
    const mail = await subject.store.mailOutbox.get(String(details.mailId));
    expect(mail?.messageId).toBe(parsed.messageId);
    expect(card.emailed).toMatchObject({
      recipient,
      mailStatus: 'sent',
      sentAt: expect.any(Date),
      messageId: parsed.messageId,
    });
  });

  it('keeps the mail in the outbox while the mail server is down, shows it waiting, and sends it later', async () => {
    // given a letter dispatched by e-mail and no mail server listening
    const w = await aLettersWorld(subject.store);
    const recipient = `waits-${Date.now()}@example.lv`;
    const letter = await aSignedLetter(w, recipient);
    await dispatchLetter(w.ctx(w.registrar), { taskId: letter.dispatch.id, channel: 'email' });
    const down = smtpTransport(`smtp://127.0.0.1:${await freeLoopbackPort()}`);
    const pass = (transport: ReturnType<typeof smtpTransport>) =>
      sendOutbox({ store: subject.store, transport, from: 'kanceleja@novads.lv', clock: w.clock });

    // when
    const failed = await pass(down);
    const waiting = await loadDocumentCard(w.ctx(w.head), letter.id, 'en');
    w.clock.advance(61_000);
    const retried = await pass(smtpTransport(sink.url));
    const sent = await loadDocumentCard(w.ctx(w.head), letter.id, 'en');

    // then
    expect(failed).toMatchObject({ sent: 0, retried: 1 });
    expect(waiting.emailed).toMatchObject({
      recipient,
      mailStatus: 'queued',
      attempts: 1,
      lastError: expect.any(String),
      nextAttemptAt: expect.any(Date),
      sentAt: null,
    });
    expect(retried.sent).toBe(1);
    expect(sent.emailed).toMatchObject({ mailStatus: 'sent', attempts: 2, lastError: null });
    expect(sent.emailed?.messageId).toMatch(/^<.+@.+>$/);
    const arrived = sink.received.filter((m) => m.to.includes(recipient));
    expect(arrived).toHaveLength(1);
    expect((await simpleParser(arrived[0]?.raw ?? '')).attachments).toHaveLength(2);
  });

  it('refuses e-mail dispatch to an addressee without an e-mail address (400 on channel), changing nothing', async () => {
    // given
    const w = await aLettersWorld(subject.store);
    const letter = await aSignedLetter(w, null);
    const before = await subject.store.documents.get(letter.id);
    const mailsBefore = (await subject.store.mailOutbox.list({ limit: 1000 })).length;

    // when
    const refused = await dispatchLetter(w.ctx(w.registrar), {
      taskId: letter.dispatch.id,
      channel: 'email',
    }).catch((error: unknown) => error);

    // then
    expect(refused).toBeInstanceOf(Invalid);
    expect((refused as Invalid).problems).toEqual([
      { field: 'channel', message: 'the addressee has no e-mail address', code: 'problem.addresseeNoEmail' },
    ]);
    expect(await subject.store.documents.get(letter.id)).toEqual(before);
    expect((await subject.store.mailOutbox.list({ limit: 1000 })).length).toBe(mailsBefore);
    expect(await openTasksOf(subject.store, letter.drafted.processInstanceId, 'Dispatch')).toHaveLength(1);
    expect(await mailIdOf(letter.id)).toEqual({});

    // and by post it still leaves
    await dispatchLetter(w.ctx(w.registrar), { taskId: letter.dispatch.id, channel: 'post' });
    expect(await subject.store.documents.get(letter.id)).toMatchObject({
      status: 'dispatched',
      channel: 'post',
    });
  });
});
