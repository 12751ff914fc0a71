import { describe, expect, it } from '@jest/globals';
import type { Notification } from '../../engine/store/notificationPorts.js';
import { presentNotification } from '../../web/pages/inbox/notificationList.js';

const reminder = (params: Notification['params']): Notification => ({
  id: 'n1',
  recipientId: 'u1',
  kind: 'task_due_soon',
  taskId: null,
  documentId: null,
  instanceId: null,
  params,
  createdAt: new Date('2026-03-02T08:00:00Z'),
  readAt: null,
});

describe('a notification as the inbox shows it', () => {
  it('names the task of a reminder', () => {
    expect(presentNotification(reminder({ taskName: 'Izpilde' }), 'en').text).toBe('Due soon: "Izpilde"');
  });

  it('names the document when the reminder names no task of the reader', () => {
    const text = presentNotification(
      reminder({ registrationNumber: '3-12/2026/15', documentSubject: 'Par ceļa remontu' }),
      'lv',
    ).text;

    expect(text).toBe('Tuvojas termiņš: "3-12/2026/15 Par ceļa remontu"');
  });

  it('never shows empty quotes, even with nothing to name', () => {
    expect(presentNotification(reminder({}), 'en').text).toBe('Due soon: "your task"');
  });
});
