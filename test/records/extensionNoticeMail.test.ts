/**
 * The e-mailed notice of an extended deadline carries the notice as a PDF, as an answer letter
 * carries its own (letterMail.ts): queued with the extension, its file stored once it committed, and
 * delivered to the applicant with the text and the PDF.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { simpleParser } from 'mailparser';
import { sendOutbox } from '../../engine/mail/sendOutbox.js';
import { smtpTransport } from '../../engine/mail/startMailSender.js';
import { extendDeadline } from '../../engine/records/applicationDeadline.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { writeResolution } from '../../engine/records/resolution.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtpSink.js';
import { describeEachStore } from '../support/testStores.js';
import { aLettersWorld, theTask } from './lettersWorld.js';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
});

describeEachStore('the e-mailed extension notice', (subject) => {
  it('goes to the applicant with the notice as a PDF', async () => {
    // given: an application being executed, its applicant with an e-mail address
    const w = await aLettersWorld(subject.store);
    const email = `liga-${Date.now()}@example.lv`;
    const applicant = await subject.store.correspondents.insert({
      kind: 'person',
      name: 'Līga Kalniņa',
      email,
    });
    const { document, processInstanceId } = await registerDocument(w.ctx(w.registrar), {
      registerId: w.applications.id,
      subject: 'Iesniegums par koku ciršanu',
      correspondentId: applicant.id,
    });
    const resolution = await theTask(subject.store, processInstanceId ?? '', 'Resolution');
    await writeResolution(w.ctx(w.head), {
      taskId: resolution.id,
      decision: 'execute',
      executors: [w.author.username],
      responsible: w.author.username,
      controller: w.head.username,
      deadline: '2025-04-30',
      text: 'Izskatīt.',
    });

    // when the deadline is extended and the outbox is sent
    const { notice } = await extendDeadline(w.ctx(w.head), {
      documentId: document.id,
      newDueDate: '2025-05-30',
      reason: 'Nepieciešams dabas eksperta atzinums.',
    });
    const files = await subject.store.mailOutbox.attachments(notice.mailId ?? '');
    const report = await sendOutbox({
      store: subject.store,
      transport: smtpTransport(sink.url),
      from: 'kanceleja@novads.lv',
      clock: w.clock,
    });

    // then the mail was queued with the PDF, and it arrived with it
    const number = notice.document.registrationNumber;
    expect(files).toEqual([
      expect.objectContaining({
        fileName: `${number.replace(/\//g, '-')}.pdf`,
        contentType: 'application/pdf',
      }),
    ]);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    const arrived = sink.received.filter((mail) => mail.to.includes(email));
    expect(arrived).toHaveLength(1);
    const parsed = await simpleParser(arrived[0]?.raw ?? '');
    expect(parsed.text).toContain('Pagarinājuma iemesls: Nepieciešams dabas eksperta atzinums.');
    expect(parsed.attachments.map((file) => [file.filename, file.contentType])).toEqual([
      [`${number.replace(/\//g, '-')}.pdf`, 'application/pdf'],
    ]);
    expect(parsed.attachments[0]?.content.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });
});
