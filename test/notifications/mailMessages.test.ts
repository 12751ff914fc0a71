import { describe, expect, it } from '@jest/globals';
import { renderMail } from '../../engine/mail/mailMessages.js';
import { retryDelay, DEFAULT_OUTBOX_POLICY } from '../../engine/mail/sendOutbox.js';

describe('notification mails', () => {
  it('writes a new task in Latvian by default, with the document, due date and link', () => {
    const mail = renderMail(
      'task_assigned',
      {
        taskName: 'Izpilde',
        by: 'Jānis Kalniņš',
        registrationNumber: '3-12/2026/15',
        documentSubject: 'Par ceļa remontu',
        dueAt: '2026-03-20T22:00:00.000Z',
      },
      { link: '/tasks/abc' },
    );

    expect(mail.subject).toBe('Jauns uzdevums: Izpilde');
    expect(mail.body).toContain('Jānis Kalniņš jums nodeva uzdevumu "Izpilde".');
    expect(mail.body).toContain('Dokuments: 3-12/2026/15 Par ceļa remontu');
    expect(mail.body).toContain('Termiņš: ');
    expect(mail.body).toContain('Atvērt Kancelejā: /tasks/abc');
  });

  it('keeps line breaks of process texts out of the subject (no header injection)', () => {
    const mail = renderMail('message', { subject: 'Sveiki\r\nBcc: visi@example.lv', text: 'x' });

    expect(mail.subject).toBe('Sveiki Bcc: visi@example.lv');
  });

  it('carries the comment of a returned task', () => {
    const mail = renderMail(
      'task_returned',
      { taskName: 'Rezolūcija', by: 'Anna', comment: 'Nav mūsu.' },
      { language: 'en' },
    );

    expect(mail.subject).toBe('Task returned: Rezolūcija');
    expect(mail.body).toContain('Comment: Nav mūsu.');
  });

  it('waits longer after each failed attempt, up to an hour', () => {
    expect([1, 2, 3, 10].map((attempts) => retryDelay(attempts, DEFAULT_OUTBOX_POLICY))).toEqual([
      60_000, 120_000, 240_000, 3_600_000,
    ]);
  });
});
