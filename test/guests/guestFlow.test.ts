/**
 * A guest from another institution, end to end over HTTP (issue 18): the head invites from the task
 * page; the mail arrives at a real SMTP server; the link's page only shows a button (opening it twice
 * uses nothing up); the button signs the guest in; the guest sees the document, comments, and the head
 * reads the comment on the card; staff pages and the API treat the guest as anonymous; revoked, the
 * invitation ends the guest's session.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { smtpTransport } from '../../engine/mail/startMailSender.js';
import { sendOutbox } from '../../engine/mail/sendOutbox.js';
import { DEFAULT_SETTINGS } from '../../engine/context.js';
import { type ApiWorld, body, startApiWorld } from '../api/apiWorld.js';
import { startSmtpSink, type SmtpSink } from '../notifications/smtpSink.js';
import { type BrowserClient, browserClient, form } from '../support/browserClient.js';
import { testClock } from '../support/testClock.js';
import { csrfOf } from '../pages/pageClient.js';

const PUBLIC_URL = 'https://dokumenti.novads.lv/kanceleja';

describe('a guest invited to a task', () => {
  let world: ApiWorld;
  let sink: SmtpSink;

  beforeAll(async () => {
    world = await startApiWorld({ settings: { ...DEFAULT_SETTINGS, publicUrl: PUBLIC_URL } });
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink.close();
    await world.close();
  });

  const sendNow = () =>
    sendOutbox({
      store: world.store,
      transport: smtpTransport(sink.url),
      from: 'kanceleja@novads.lv',
      clock: testClock(new Date(Date.now() + 1000)),
    });

  /** A registered letter whose resolution task the head has taken; the head's logged-in browser. */
  async function letterWithHeadTask(subject: string) {
    const registrar = await world.as('registrar');
    const head = await world.as('head');
    const { id: documentId } = await body<{ id: string }>(
      await registrar.post('/api/documents', { register: 'IEN', subject }),
    );
    const task = (
      await body<{ id: string; businessKey: string | null }[]>(await head.get('/api/tasks?scope=department'))
    ).find((one) => one.businessKey === documentId);
    if (!task) throw new Error('no resolution task');
    expect((await head.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    const { browser } = await world.session('head');
    await browser.fetch('/language/en?back=/');
    return { documentId, taskId: task.id, headBrowser: browser };
  }

  async function submit(
    browser: BrowserClient,
    from: string,
    action: string,
    fields: Record<string, string>,
  ) {
    const page = await browser.fetch(from);
    return browser.fetch(action, form({ _csrf: csrfOf(await page.text()), ...fields }));
  }

  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  it('invites, signs in once, shows only the document, takes a comment, and is revoked', async () => {
    const subject = `Par tilta remontu ${Date.now()}`;
    const { documentId, taskId, headBrowser } = await letterWithHeadTask(subject);

    // The task page offers the invitation form, labelled and with its CSRF token.
    const taskPage = await (await headBrowser.fetch(`/tasks/${taskId}`)).text();
    expect(taskPage).toContain("<label for='guestEmail'>");
    expect(taskPage).toContain(`action='/tasks/${taskId}/guests'`);

    // A refused form is shown again with its messages tied to the fields.
    const refused = await submit(headBrowser, `/tasks/${taskId}`, `/tasks/${taskId}/guests`, {
      guestName: 'Ieva Kalniņa',
      guestEmail: 'nav-adrese',
      purpose: 'comment',
      validUntil: inDays(40),
    });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain("aria-describedby='guestEmail-error'");
    expect(refusedHtml).toContain('is not an e-mail address');
    expect(refusedHtml).toContain('may be at most 30 days from today');

    const invited = await submit(headBrowser, `/tasks/${taskId}`, `/tasks/${taskId}/guests`, {
      guestName: 'Ieva Kalniņa',
      guestEmail: 'ieva@vid.gov.lv',
      purpose: 'comment',
      validUntil: inDays(7),
    });
    expect(invited.status).toBe(303);
    const listed = await (await headBrowser.fetch(invited.headers.get('location') ?? '')).text();
    expect(listed).toContain('The invitation was sent to ieva@vid.gov.lv.');
    expect(listed).toContain('active');

    // The mail, through the outbox and a real SMTP server.
    await sendNow();
    const mail = sink.received.find((one) => one.to.includes('ieva@vid.gov.lv'));
    expect(mail?.subject).toContain('Invitation');
    const link = new RegExp(`${PUBLIC_URL}(/guest/link/[A-Za-z0-9_-]+)`).exec(mail?.text ?? '')?.[1];
    if (!link) throw new Error(`no link in ${mail?.text}`);

    // Opening the link (twice, as a mail scanner might) signs nobody in and uses nothing up.
    const guest = browserClient(world.base);
    await guest.fetch('/language/en?back=/guest');
    await guest.fetch(link);
    const linkPage = await guest.fetch(link);
    expect(linkPage.status).toBe(200);
    expect(linkPage.headers.get('cache-control')).toBe('no-store');
    const linkHtml = await linkPage.text();
    const token = /name='token' value='([^']+)'/.exec(linkHtml)?.[1] ?? '';
    const signedIn = await guest.fetch('/guest/sign-in', form({ _csrf: csrfOf(linkHtml), token }));
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe(`/guest/documents/${documentId}`);

    const guestPage = await guest.fetch(`/guest/documents/${documentId}`);
    expect(guestPage.status).toBe(200);
    const guestHtml = await guestPage.text();
    expect(guestHtml).toContain(subject);
    expect(guestHtml).toContain('Ieva Kalniņa');
    // The guest's own header: no staff menu, no search.
    expect(guestHtml).not.toContain("action='/documents'");

    // The document's file, sandboxed as staff downloads are.
    const registrar = await world.as('registrar');
    const upload = new FormData();
    upload.set('file', new Blob(['Tilta apsekojums.']), 'apsekojums.txt');
    const added = await registrar.fetch(`/api/documents/${documentId}/attachments`, {
      method: 'POST',
      body: upload,
    });
    expect(added.status).toBe(201);
    const file = await body<{ id: string }>(added);
    const download = await guest.fetch(`/guest/documents/${documentId}/attachments/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(await download.text()).toBe('Tilta apsekojums.');

    // Staff pages and the API: the guest is anonymous.
    for (const path of ['/api/documents', '/api/tasks', '/api/me']) {
      expect([path, (await guest.fetch(path)).status]).toEqual([path, 401]);
    }
    for (const path of ['/', '/documents', `/documents/${documentId}`, `/tasks/${taskId}`, '/admin']) {
      const response = await guest.fetch(path);
      expect([path, response.status, response.headers.get('location')]).toEqual([path, 303, '/login']);
    }
    // Another document's id in the URL: not found.
    const other = await letterWithHeadTask(`Cits ${Date.now()}`);
    expect((await guest.fetch(`/guest/documents/${other.documentId}`)).status).toBe(404);

    // The guest comments; the head reads it in the card's thread.
    const answered = await guest.fetch(
      `/guest/documents/${documentId}/answer`,
      form({ _csrf: csrfOf(guestHtml), body: 'Tilts ir novada pārziņā.' }),
    );
    expect(answered.status).toBe(303);
    expect(await (await guest.fetch(answered.headers.get('location') ?? '')).text()).toContain(
      'Your answer was received',
    );
    const card = await (await headBrowser.fetch(`/documents/${documentId}`)).text();
    expect(card).toContain('Tilts ir novada pārziņā.');
    expect(card).toContain('Ieva Kalniņa &lt;ieva@vid.gov.lv&gt;');

    // The link works once.
    const again = browserClient(world.base);
    const againPage = await (await again.fetch(link)).text();
    const reused = await again.fetch('/guest/sign-in', form({ _csrf: csrfOf(againPage), token }));
    expect(reused.status).toBe(403);
    // A refused link is audited, like a refused password.
    const refusals = (await world.store.audit.list({ objectType: 'user', limit: 500 })).filter(
      (event) => event.action === 'auth.guest_link_refused',
    );
    expect(refusals.map((event) => event.details.reason)).toContain(
      'This sign-in link was used already; ask for a new one.',
    );

    // Revoked: the guest's next request ends their session.
    const invitation = (await world.store.guestInvitations.listByTask(taskId))[0];
    const revoked = await submit(
      headBrowser,
      `/tasks/${taskId}`,
      `/tasks/${taskId}/guests/${invitation?.id ?? ''}/revoke`,
      {},
    );
    expect(revoked.status).toBe(303);
    const refusedGuest = await guest.fetch(`/guest/documents/${documentId}`);
    expect(refusedGuest.status).toBe(403);
    expect(await refusedGuest.text()).toContain('The invitation was revoked.');
    expect((await guest.fetch(`/guest/documents/${documentId}`)).status).toBe(401);
  });
});
