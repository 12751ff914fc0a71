import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Invalid } from '../../../engine/errors.js';
import type { Repositories } from '../../../engine/store/ports.js';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

async function aTask(repos: Repositories) {
  const xml = `<definitions id="${randomUUID()}" />`;
  const definition = await repos.processDefinitions.insert({
    key: 'routing',
    name: null,
    hash: createHash('sha256').update(xml).digest('hex'),
    xml,
    deployedBy: null,
  });
  const instance = await repos.processInstances.insert({
    id: randomUUID(),
    definitionId: definition.id,
    processKey: 'routing',
    definitionVersion: 1,
    businessKey: null,
    status: 'running',
    state: {},
    variables: {},
    startedBy: null,
    startedAt: T0,
  });
  return repos.tasks.insert({
    instanceId: instance.id,
    processKey: 'routing',
    businessKey: null,
    elementId: 'review',
    executionId: `review_${randomUUID()}`,
    name: 'Review',
    assignee: null,
    candidateGroups: [],
    candidateUsers: [],
    dueAt: null,
    priority: null,
    formKey: null,
    loopItem: null,
    createdAt: T0,
  });
}

describeEachPort('notifications, mail outbox and task comments', (subject) => {
  describe('notifications', () => {
    it("lists a recipient's notifications newest first, counts and marks the unread ones", async () => {
      // given
      const anna = await aUser(subject.store);
      const other = await aUser(subject.store);
      const first = await subject.store.notifications.insert({
        recipientId: anna.id,
        kind: 'task_assigned',
        params: { taskName: 'Izpilde', by: 'Jānis' },
        createdAt: at(0),
      });
      const second = await subject.store.notifications.insert({
        recipientId: anna.id,
        kind: 'task_overdue',
        params: { registrationNumber: '3-12/2026/1' },
        createdAt: at(5),
      });
      await subject.store.notifications.insert({ recipientId: other.id, kind: 'message', createdAt: at(1) });

      // when
      const listed = await subject.store.notifications.listFor(anna.id);
      const markedByOther = await subject.store.notifications.markRead(first.id, other.id, at(9));
      const marked = await subject.store.notifications.markRead(first.id, anna.id, at(10));
      const again = await subject.store.notifications.markRead(first.id, anna.id, at(20));

      // then
      expect(listed.map((n) => n.id)).toEqual([second.id, first.id]);
      expect(listed[1]).toEqual({
        id: first.id,
        recipientId: anna.id,
        kind: 'task_assigned',
        taskId: null,
        documentId: null,
        instanceId: null,
        params: { taskName: 'Izpilde', by: 'Jānis' },
        createdAt: at(0),
        readAt: null,
      });
      expect(markedByOther).toBe(false);
      expect(marked).toBe(true);
      expect(again).toBe(true);
      expect((await subject.store.notifications.listFor(anna.id))[1]?.readAt).toEqual(at(10));
      expect(await subject.store.notifications.countUnread(anna.id)).toBe(1);
      expect(
        (await subject.store.notifications.listFor(anna.id, { unreadOnly: true })).map((n) => n.id),
      ).toEqual([second.id]);
      expect(await subject.store.notifications.markAllRead(anna.id, at(30))).toBe(1);
      expect(await subject.store.notifications.countUnread(anna.id)).toBe(0);
      expect(await subject.store.notifications.countUnread(other.id)).toBe(1);
      expect(await subject.store.notifications.markRead('not-an-id', anna.id, at(30))).toBe(false);
    });

    it('refers to tasks', async () => {
      const anna = await aUser(subject.store);
      const task = await aTask(subject.store);

      const stored = await subject.store.notifications.insert({
        recipientId: anna.id,
        kind: 'task_offered',
        taskId: task.id,
        instanceId: task.instanceId,
        createdAt: at(0),
      });

      expect(stored).toMatchObject({ taskId: task.id, instanceId: task.instanceId, params: {} });
    });

    it("marks read one recipient's notifications about a task, and nobody else's", async () => {
      const anna = await aUser(subject.store);
      const other = await aUser(subject.store);
      const task = await aTask(subject.store);
      const about = (recipientId: string) =>
        subject.store.notifications.insert({
          recipientId,
          kind: 'task_assigned',
          taskId: task.id,
          createdAt: at(0),
        });
      await about(anna.id);
      await about(anna.id);
      await about(other.id);
      await subject.store.notifications.insert({ recipientId: anna.id, kind: 'message', createdAt: at(1) });

      expect(await subject.store.notifications.markReadForTask(anna.id, task.id, at(5))).toBe(2);
      expect(await subject.store.notifications.markReadForTask(anna.id, task.id, at(6))).toBe(0);
      expect(await subject.store.notifications.countUnread(anna.id)).toBe(1);
      expect(await subject.store.notifications.countUnread(other.id)).toBe(1);
      expect(await subject.store.notifications.markReadForTask(anna.id, 'not-an-id', at(5))).toBe(0);
    });
  });

  describe('mail outbox', () => {
    const enqueue = (recipient: string, minutes = 0) =>
      subject.store.mailOutbox.enqueue({
        recipient,
        subject: 'Jauns uzdevums: Izpilde',
        body: 'Teksts',
        createdAt: at(minutes),
      });

    it('hands a due mail to one claimer only and counts the attempt', async () => {
      // given
      const mail = await enqueue(`${randomUUID()}@example.lv`, 1000);

      // when
      const [a, b] = await Promise.all([
        subject.store.mailOutbox.claimDue(at(1000), 100, 60_000),
        subject.store.mailOutbox.claimDue(at(1000), 100, 60_000),
      ]);
      const later = await subject.store.mailOutbox.claimDue(at(1000.5), 100, 60_000);

      // then
      const claims = [...(a ?? []), ...(b ?? []), ...later].filter((m) => m.id === mail.id);
      expect(claims).toHaveLength(1);
      expect(claims[0]).toMatchObject({ status: 'sending', attempts: 1 });
    });

    it('does not claim a mail before it is due, and takes over a claim whose lease ran out', async () => {
      const mail = await enqueue(`${randomUUID()}@example.lv`, 2000);

      const early = await subject.store.mailOutbox.claimDue(at(1999), 100, 60_000);
      const first = await subject.store.mailOutbox.claimDue(at(2000), 100, 60_000);
      const takenOver = await subject.store.mailOutbox.claimDue(at(2002), 100, 60_000);

      expect(early.map((m) => m.id)).not.toContain(mail.id);
      expect(first.map((m) => m.id)).toContain(mail.id);
      expect(takenOver.find((m) => m.id === mail.id)?.attempts).toBe(2);
    });

    it('records a failure for a retry, then gives up, and never claims a sent or failed mail', async () => {
      // given
      const retried = await enqueue(`${randomUUID()}@example.lv`, 3000);
      const sent = await enqueue(`${randomUUID()}@example.lv`, 3000);
      await subject.store.mailOutbox.claimDue(at(3000), 100, 60_000);

      // when
      await subject.store.mailOutbox.markFailed(retried.id, 'connect ECONNREFUSED', at(3010));
      await subject.store.mailOutbox.markSent(sent.id, at(3001));
      const beforeRetry = await subject.store.mailOutbox.claimDue(at(3005), 100, 60_000);
      const retry = await subject.store.mailOutbox.claimDue(at(3010), 100, 60_000);
      await subject.store.mailOutbox.markFailed(retried.id, 'still down', null);
      const afterGivingUp = await subject.store.mailOutbox.claimDue(at(9000), 100, 60_000);

      // then
      expect(beforeRetry.map((m) => m.id)).not.toContain(retried.id);
      expect(retry.find((m) => m.id === retried.id)).toMatchObject({
        attempts: 2,
        lastError: 'connect ECONNREFUSED',
      });
      expect(afterGivingUp.map((m) => m.id)).not.toContain(retried.id);
      expect(afterGivingUp.map((m) => m.id)).not.toContain(sent.id);
      expect(await subject.store.mailOutbox.get(retried.id)).toMatchObject({
        status: 'failed',
        attempts: 2,
        lastError: 'still down',
      });
      expect(await subject.store.mailOutbox.get(sent.id)).toMatchObject({ status: 'sent', sentAt: at(3001) });
      expect((await subject.store.mailOutbox.list({ status: 'failed' })).map((m) => m.id)).toContain(
        retried.id,
      );
    });
  });

  describe('task comments', () => {
    it('keeps comments of a task in order, with the author as written then', async () => {
      const anna = await aUser(subject.store);
      const task = await aTask(subject.store);

      const first = await subject.store.taskComments.insert({
        taskId: task.id,
        documentId: null,
        authorId: anna.id,
        authorName: 'Anna Bērziņa',
        body: 'Lūdzu precizēt summu.',
        createdAt: at(0),
      });
      const second = await subject.store.taskComments.insert({
        taskId: task.id,
        documentId: null,
        authorId: null,
        authorName: 'system',
        body: 'Otrais',
        createdAt: at(1),
      });

      expect((await subject.store.taskComments.listByTask(task.id)).map((c) => c.id)).toEqual([
        first.id,
        second.id,
      ]);
      expect(first).toMatchObject({
        authorName: 'Anna Bērziņa',
        onBehalfOfId: null,
        body: 'Lūdzu precizēt summu.',
      });
      expect(await subject.store.taskComments.listByTask('nope')).toEqual([]);
    });

    it('refuses an empty comment', async () => {
      const task = await aTask(subject.store);

      await expect(
        subject.store.taskComments.insert({
          taskId: task.id,
          documentId: null,
          authorId: null,
          authorName: 'x',
          body: '',
          createdAt: at(0),
        }),
      ).rejects.toBeInstanceOf(Invalid);
    });
  });
});
