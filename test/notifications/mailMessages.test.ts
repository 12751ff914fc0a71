import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_MAIL_LANGUAGE,
  MAIL_LANGUAGES,
  mailLanguageOf,
  renderMail,
} from '../../engine/mail/mailMessages.js';
import { retryDelay, DEFAULT_OUTBOX_POLICY } from '../../engine/mail/sendOutbox.js';
import { mailLink } from '../../engine/notifications/notifyUsers.js';
import { LANGUAGES } from '../../web/i18n/translate.js';

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
      { link: 'https://dokumenti.novads.lv/tasks/abc' },
    );

    expect(mail.subject).toBe('Jauns uzdevums: Izpilde');
    expect(mail.body).toContain('Jānis Kalniņš jums nodeva uzdevumu "Izpilde".');
    expect(mail.body).toContain('Dokuments: 3-12/2026/15 Par ceļa remontu');
    expect(mail.body).toContain('Termiņš: ');
    expect(mail.body).toContain('Atvērt Kancelejā: https://dokumenti.novads.lv/tasks/abc');
  });

  it('keeps line breaks of process texts out of the subject (no header injection)', () => {
    const mail = renderMail('message', { subject: 'Sveiki\r\nBcc: visi@example.lv', text: 'x' });

    expect(mail.subject).toBe('Sveiki Bcc: visi@example.lv');
  });

  it('names the document in a reminder that names no task, never an empty ""', () => {
    const mail = renderMail(
      'task_due_soon',
      { registrationNumber: '3-12/2026/15', documentSubject: 'Par ceļa remontu' },
      { language: 'en' },
    );

    expect(mail.subject).toBe('Due soon: 3-12/2026/15 Par ceļa remontu');
    expect(mail.body).not.toContain('""');
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

  it('writes to each person in the language they chose, for every offered language with mail texts', () => {
    const translated = LANGUAGES.filter((code) => (MAIL_LANGUAGES as readonly string[]).includes(code));

    expect(translated).toEqual(['lv', 'en', 'ru', 'lt', 'cs', 'kk']);
    for (const code of translated) expect(mailLanguageOf(code)).toBe(code);
    expect(renderMail('task_assigned', { taskName: 'X' }, { language: mailLanguageOf('en') }).subject).toBe(
      'New task: X',
    );
    expect(renderMail('task_assigned', { taskName: 'X' }, { language: mailLanguageOf('ru') }).subject).toBe(
      'Новая задача: X',
    );
  });

  it("uses the institution's language for a person who never chose, or chose one we do not write", () => {
    expect(DEFAULT_MAIL_LANGUAGE).toBe('lv');
    expect(mailLanguageOf(null)).toBe('lv');
    expect(mailLanguageOf(undefined)).toBe('lv');
    for (const code of ['de', 'pl', 'xx', '']) expect(mailLanguageOf(code)).toBe('lv');
  });

  it('links under the public address, keeping its base path and without doubled slashes', () => {
    const task = { taskId: 'abc', documentId: 'doc' };

    expect(mailLink('https://dokumenti.novads.lv', task)).toBe('https://dokumenti.novads.lv/tasks/abc');
    expect(mailLink('https://novads.lv/kanceleja/', { documentId: 'doc' })).toBe(
      'https://novads.lv/kanceleja/documents/doc',
    );
    expect(mailLink('https://novads.lv/kanceleja//', task)).toBe('https://novads.lv/kanceleja/tasks/abc');
  });

  it('leaves the link out without a public address, and when there is nothing to open', () => {
    const withoutUrl = renderMail(
      'task_assigned',
      { taskName: 'X' },
      { link: mailLink(null, { taskId: 'a' }) },
    );
    const nothingToOpen = renderMail(
      'message',
      { subject: 'S', text: 'T' },
      { link: mailLink('https://x.lv', {}) },
    );

    expect(withoutUrl.body).not.toContain('Atvērt Kancelejā');
    expect(withoutUrl.body).not.toContain('/tasks/');
    expect(nothingToOpen.body).not.toContain('Atvērt Kancelejā');
  });

  it('waits longer after each failed attempt, up to an hour', () => {
    expect([1, 2, 3, 10].map((attempts) => retryDelay(attempts, DEFAULT_OUTBOX_POLICY))).toEqual([
      60_000, 120_000, 240_000, 3_600_000,
    ]);
  });
});
