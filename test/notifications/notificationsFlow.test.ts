/**
 * Notifications end to end over the JSON API: routing a letter tells the right people in the app
 * and queues their mails in the same step; the outbox sends them through a real SMTP server once
 * each, in each person's chosen language (else Latvian), linking under PUBLIC_URL; a return carries
 * its comment; a process's reminder and escalation arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { smtpTransport, startMailSender } from '../../engine/mail/startMailSender.js';
import { sendOutbox } from '../../engine/mail/sendOutbox.js';
import { notifyFromProcess } from '../../engine/notifications/notifyService.js';
import { actorFromUser, DEFAULT_SETTINGS, SYSTEM_ACTOR } from '../../engine/context.js';
import { type ApiClient, type ApiWorld, body, daysFromToday, startApiWorld } from '../api/apiWorld.js';
import { form } from '../support/browserClient.js';
import { freeLoopbackPort } from '../support/ports.js';
import { testClock } from '../support/testClock.js';
import { startSmtpSink, type SmtpSink } from './smtpSink.js';

interface Task {
  id: string;
  elementId: string;
  businessKey: string | null;
}
interface ShownNotification {
  id: string;
  kind: string;
  text: string;
  comment: string | null;
  link: string | null;
  taskId: string | null;
  documentId: string | null;
  read: boolean;
}

describe('notifications of routing', () => {
  let world: ApiWorld;
  let sink: SmtpSink;
  let registrar: ApiClient;
  let head: ApiClient;
  let executor: ApiClient;

  /** PUBLIC_URL with a base path; a trailing slash must not double the slash of the links. */
  const PUBLIC_URL = 'https://dokumenti.novads.lv/kanceleja/';

  beforeAll(async () => {
    world = await startApiWorld({ settings: { ...DEFAULT_SETTINGS, publicUrl: PUBLIC_URL } });
    sink = await startSmtpSink();
    for (const person of ['head', 'executor', 'depthead'] as const) {
      const user = world.users[person];
      await world.store.userProfiles.update(user.id, {
        displayName: user.displayName,
        email: `${person}@novads.lv`,
        departmentId: user.departmentId,
      });
    }
    registrar = await world.as('registrar');
    head = await world.as('head');
    executor = await world.as('executor');
  });
  afterAll(async () => {
    await sink.close();
    await world.close();
  });

  const notificationsOf = async (client: ApiClient, query = '') =>
    body<ShownNotification[]>(
      await client.fetch(`/api/notifications${query}`, { headers: { 'accept-language': 'en' } }),
    );

  async function registerAndResolve(subject: string, executors: string[] = ['executor']) {
    const registered = await body<{ id: string }>(
      await registrar.post('/api/documents', { register: 'IEN', subject }),
    );
    const resolution = (await body<Task[]>(await head.get('/api/tasks?scope=department'))).find(
      (task) => task.businessKey === registered.id,
    );
    if (!resolution) throw new Error('no resolution task');
    const resolved = await head.post(`/api/tasks/${resolution.id}/complete`, {
      data: {
        decision: 'execute',
        executors,
        responsible: executors[0],
        controller: 'head',
        deadline: daysFromToday(30),
        text: 'Atbildēt.',
      },
    });
    expect(resolved.status).toBe(200);
    const execution = (await body<Task[]>(await executor.get('/api/tasks?scope=mine'))).find(
      (task) => task.businessKey === registered.id,
    );
    return { documentId: registered.id, resolution, execution };
  }

  const sendNow = () =>
    sendOutbox({
      store: world.store,
      transport: smtpTransport(sink.url),
      from: 'kanceleja@novads.lv',
      clock: testClock(new Date(Date.now() + 1000)),
    });

  it('offers the new letter to the heads and gives the executor their task, each told once', async () => {
    // when
    const { documentId, resolution, execution } = await registerAndResolve(`Par ceļu ${Date.now()}`);

    // then
    const forHead = (await notificationsOf(head)).filter((n) => n.documentId === documentId);
    expect(forHead).toEqual([
      expect.objectContaining({
        kind: 'task_offered',
        taskId: resolution.id,
        link: `/tasks/${resolution.id}`,
      }),
    ]);
    const forExecutor = (await notificationsOf(executor)).filter((n) => n.documentId === documentId);
    expect(forExecutor).toEqual([
      expect.objectContaining({
        kind: 'task_assigned',
        taskId: execution?.id,
        text: 'head gave you the task "Izpilde"',
        read: false,
      }),
    ]);
    // The registrar started the routing, the head resolved: neither is told of their own act.
    expect((await notificationsOf(registrar)).filter((n) => n.documentId === documentId)).toEqual([]);
  });

  it('sends the queued mails through SMTP once each, in English to the executor who chose it and in Latvian to the head who did not', async () => {
    // given the executor switched the pages to English while logged in; the head never chose
    const executorSession = await world.session('executor');
    expect((await executorSession.fetch('/language/en', form({ back: '/' }))).status).toBe(303);
    const subject = `Par tiltu ${Date.now()}`;
    const { resolution, execution } = await registerAndResolve(subject);
    const before = sink.received.length;

    // when
    const first = await sendNow();
    const second = await sendNow();

    // then
    expect(first.sent).toBeGreaterThanOrEqual(2);
    expect(second).toEqual({ sent: 0, retried: 0, failed: 0 });
    const sent = sink.received.slice(before);
    const toExecutor = sent.filter(
      (mail) => mail.to.includes('executor@novads.lv') && mail.text.includes(`/tasks/${execution?.id}`),
    );
    expect(toExecutor.map((mail) => mail.subject)).toEqual(['New task: Izpilde']);
    expect(toExecutor[0]?.text).toContain('head gave you the task "Izpilde".');
    expect(toExecutor[0]?.text).toContain(
      `Open in Kanceleja: https://dokumenti.novads.lv/kanceleja/tasks/${execution?.id}`,
    );
    const toHead = sent.filter(
      (mail) => mail.to.includes('head@novads.lv') && mail.text.includes(`/tasks/${resolution.id}`),
    );
    expect(toHead.map((mail) => mail.subject)).toEqual(['Jauns uzdevums jūsu nodaļai: Rezolūcija']);
    expect(toHead[0]?.text).toContain(
      `Atvērt Kancelejā: https://dokumenti.novads.lv/kanceleja/tasks/${resolution.id}`,
    );
    expect(sent.filter((mail) => mail.text.includes(subject))).toHaveLength(2);
    const aboutThis = sent.filter((mail) => mail.raw.includes('/tasks/'));
    expect(new Set(aboutThis.map((mail) => mail.raw)).size).toBe(aboutThis.length);
    expect(await world.store.mailOutbox.list({ status: 'queued' })).toEqual([]);
  });

  it('leaves the link out of a mail when no PUBLIC_URL is set, rather than print a bare path', async () => {
    // given a server without PUBLIC_URL (the default settings)
    const { documentId, execution } = await registerAndResolve(`Par laukumu ${Date.now()}`);
    const instanceId = (await world.store.tasks.get(execution?.id ?? ''))?.instanceId ?? '';
    const withoutPublicUrl = {
      store: world.store,
      clock: testClock(),
      actor: SYSTEM_ACTOR,
      settings: DEFAULT_SETTINGS,
    };
    await world.store.transaction((tx) =>
      notifyFromProcess(withoutPublicUrl, tx, {
        to: 'head',
        subject: 'overdue',
        body: 'x',
        instance: { id: instanceId, businessKey: documentId },
      }),
    );
    const before = sink.received.length;

    // when
    await sendNow();

    // then
    const overdue = sink.received
      .slice(before)
      .filter((mail) => mail.to.includes('head@novads.lv') && mail.subject.startsWith('Nokavēts termiņš'));
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.text).toContain('Dokuments: ');
    expect(overdue[0]?.text).not.toContain('Atvērt Kancelejā');
    expect(overdue[0]?.text).not.toContain(`/documents/${documentId}`);
  });

  it('tells the head that the executor returned the task, with the comment', async () => {
    // given
    const { documentId, execution } = await registerAndResolve(`Par skolu ${Date.now()}`);

    // when
    const returned = await executor.post(`/api/tasks/${execution?.id}/complete`, {
      data: { outcome: 'returned', comment: 'Nav mūsu kompetencē.' },
    });

    // then
    expect(returned.status).toBe(200);
    const forHead = (await notificationsOf(head)).filter(
      (n) => n.documentId === documentId && n.kind === 'task_returned',
    );
    expect(forHead).toEqual([
      expect.objectContaining({
        text: 'executor returned the task "Rezolūcija" to you',
        comment: 'Nav mūsu kompetencē.',
      }),
    ]);
  });

  it("delivers a process's reminder to the executors and its escalation to the controller", async () => {
    // given
    const { documentId, execution } = await registerAndResolve(`Par parku ${Date.now()}`);
    const instanceId = (await world.store.tasks.get(execution?.id ?? ''))?.instanceId ?? '';
    const system = {
      store: world.store,
      clock: testClock(),
      actor: SYSTEM_ACTOR,
      settings: DEFAULT_SETTINGS,
    };

    // when
    const reminded = await world.store.transaction((tx) =>
      notifyFromProcess(system, tx, {
        to: ['executor'],
        subject: 'reminder',
        body: 'x',
        instance: { id: instanceId, businessKey: documentId },
      }),
    );
    const escalated = await world.store.transaction((tx) =>
      notifyFromProcess(system, tx, {
        to: 'head',
        subject: 'overdue',
        body: 'x',
        instance: { id: instanceId, businessKey: documentId },
      }),
    );

    // then
    expect(reminded).toEqual(['executor']);
    expect(escalated).toEqual(['head']);
    expect(
      (await notificationsOf(executor)).find(
        (n) => n.kind === 'task_due_soon' && n.documentId === documentId,
      ),
    ).toMatchObject({ taskId: execution?.id, text: 'Due soon: "Izpilde"' });
    expect(
      (await notificationsOf(head)).find((n) => n.kind === 'task_overdue' && n.documentId === documentId),
    ).toMatchObject({ link: `/documents/${documentId}` });
  });

  it('notifies the members of a department offered a task, and no one outside it', async () => {
    // given a department-wide group and a role within one department
    const system = {
      store: world.store,
      clock: testClock(),
      actor: actorFromUser(world.users.registrar),
      settings: DEFAULT_SETTINGS,
    };
    const { documentId, execution } = await registerAndResolve(`Par tirgu ${Date.now()}`);
    const instanceId = (await world.store.tasks.get(execution?.id ?? ''))?.instanceId ?? '';

    // when
    const told = await world.store.transaction((tx) =>
      notifyFromProcess(system, tx, {
        to: ['BUV'],
        subject: 'Sanāksme',
        body: 'Rīt plkst. 10',
        instance: { id: instanceId, businessKey: documentId },
      }),
    );

    // then
    expect(told.sort()).toEqual(['depthead', 'executor']);
  });

  it('keeps a mail while the SMTP server is down, retries it later and sends it once', async () => {
    // given a queued mail and no server listening
    const recipient = `down-${Date.now()}@novads.lv`;
    const clock = testClock(new Date(Date.now() + 2000));
    const mail = await world.store.mailOutbox.enqueue({
      recipient,
      subject: 'Jauns uzdevums: Izpilde',
      body: 'Teksts',
      createdAt: clock.now(),
    });
    const down = smtpTransport(`smtp://127.0.0.1:${await freeLoopbackPort()}`);
    const up = smtpTransport(sink.url);
    const pass = (transport: typeof up) =>
      sendOutbox({ store: world.store, transport, from: 'kanceleja@novads.lv', clock });

    // when
    const failed = await pass(down);
    const tooEarly = await pass(up);
    clock.advance(61_000);
    const retried = await pass(up);
    const again = await pass(up);

    // then
    expect(failed.retried).toBeGreaterThanOrEqual(1);
    expect(tooEarly.sent).toBe(0);
    expect(retried.sent).toBeGreaterThanOrEqual(1);
    expect(again.sent).toBe(0);
    expect(sink.received.filter((m) => m.to.includes(recipient))).toHaveLength(1);
    expect(await world.store.mailOutbox.get(mail.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
  });

  it('gives a mail up after the last attempt, keeping the error', async () => {
    const clock = testClock(new Date(Date.now() + 3000));
    const mail = await world.store.mailOutbox.enqueue({
      recipient: `gone-${Date.now()}@novads.lv`,
      subject: 'x',
      body: 'x',
      createdAt: clock.now(),
    });
    const down = smtpTransport(`smtp://127.0.0.1:${await freeLoopbackPort()}`);
    const policy = { maxAttempts: 2, retryDelayMs: 1000 };

    await sendOutbox({ store: world.store, transport: down, from: 'k@novads.lv', clock, policy });
    clock.advance(1000);
    const last = await sendOutbox({
      store: world.store,
      transport: down,
      from: 'k@novads.lv',
      clock,
      policy,
    });

    expect(last.failed).toBeGreaterThanOrEqual(1);
    expect(await world.store.mailOutbox.get(mail.id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('runs the outbox as a loop from the SMTP settings, and stops cleanly', async () => {
    const clock = testClock(new Date(Date.now() + 4000));
    const recipient = `loop-${Date.now()}@novads.lv`;
    await world.store.mailOutbox.enqueue({ recipient, subject: 'Cilpa', body: 'x', createdAt: clock.now() });
    const sender = startMailSender({
      store: world.store,
      smtp: { url: sink.url, from: 'kanceleja@novads.lv' },
      clock,
      intervalMs: 3_600_000,
    });

    await sender.runOnce();
    await sender.stop();

    expect(sink.received.filter((m) => m.to.includes(recipient)).map((m) => m.subject)).toEqual(['Cilpa']);
  });

  it('marks one and then all of my notifications read, and never someone else’s', async () => {
    // given
    await registerAndResolve(`Par upi ${Date.now()}`);
    const [first] = await notificationsOf(executor, '?unread=true');
    if (!first) throw new Error('no notification');

    // when
    const byOther = await head.post(`/api/notifications/${first.id}/read`);
    const mine = await executor.post(`/api/notifications/${first.id}/read`);
    const unknown = await executor.post('/api/notifications/00000000-0000-4000-8000-000000000000/read');
    const all = await executor.post('/api/notifications/read-all');

    // then
    expect(byOther.status).toBe(404);
    expect(mine.status).toBe(204);
    expect(unknown.status).toBe(404);
    expect(all.status).toBe(200);
    expect(await notificationsOf(executor, '?unread=true')).toEqual([]);
  });
});
