/**
 * The citizen's whole path through the demo municipality's e-service, in real Chromium on a 390 px
 * page: the portal list, the form filled with a file and sent, the registration number and the
 * tracking link; the application routed to the head's resolution; staff answer the
 * application with an outgoing letter (approved, signed, dispatched by e-mail, with a PDF) through
 * the engine's use cases; the tracking link then says "Answered" and the answer's PDF downloads.
 * Then the administrator's e-service page: the visual form editor shows the public form, saving it
 * unchanged keeps it, and a label changed in the editor is what the server stores.
 * Screenshots in test-artifacts/portal-answer-*.png. Skipped only where Chromium is missing.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { actorFromUser, systemClock, type UseCaseContext } from '../../engine/context.js';
import { hashTrackingToken } from '../../engine/portal/submitApplication.js';
import { prepareAttachment } from '../../engine/records/attachments.js';
import {
  approveLetter,
  createDraft,
  dispatchLetter,
  signAndRegister,
} from '../../engine/records/outgoingLetter.js';
import type { RunningServer } from '../../web/server.js';
import { seriousViolations } from '../support/axe.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot, watchConsole } from '../support/chromium.js';
import { samplePdf } from '../support/samplePdf.js';
import { openTasksOf, theTask } from '../records/lettersWorld.js';
import { type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

/** Script errors other than the console's line about a failed request (the favicon, a 400 page). */
const scriptErrors = (errors: string[]) => errors.filter((e) => !e.startsWith('Failed to load resource'));

describeInChromium('the citizen applies, is answered, and the administrator edits the form', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    world = await startDemoServer('portal-answer');
    server = world.server;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await world?.stop();
  });

  /** `bypassCSP` lets axe's inline script in; the pages' CSP itself is checked over HTTP. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    contexts.push(context);
    return context.newPage();
  }

  async function staff(username: string): Promise<UseCaseContext> {
    const user = await server.store.users.getByUsername(username);
    if (!user) throw new Error(`no demo user ${username}`);
    return { store: server.store, clock: systemClock, actor: actorFromUser(user) };
  }

  /** Staff answer the application: a letter with a PDF, approved, signed and sent by e-mail. */
  async function answerByEmail(applicationId: string, pdf: Buffer): Promise<string> {
    const application = await server.store.documents.get(applicationId);
    const outgoing = (await server.store.registers.list()).find((r) => r.kind === 'outgoing');
    if (!application || !outgoing) throw new Error('no application or no outgoing register');
    const file = await prepareAttachment(server.store, {
      fileName: 'atbilde.pdf',
      content: Readable.from([pdf]),
    });
    const drafted = await createDraft(await staff('registrar'), {
      registerId: outgoing.id,
      subject: `Atbilde uz ${application.registrationNumber}`,
      body: 'Atļauja nozāģēt divus kokus ir piešķirta.',
      correspondentId: application.correspondentId,
      replyToId: application.id,
      approvers: ['depthead'],
      attachments: [file],
    });
    const instance = drafted.processInstanceId;
    const approval = await theTask(server.store, instance, 'Approval');
    await approveLetter(await staff('depthead'), { taskId: approval.id, approval: 'approve' });
    const signature = await theTask(server.store, instance, 'Signature');
    const { registrationNumber } = await signAndRegister(await staff('head'), {
      taskId: signature.id,
      signature: 'sign',
    });
    const dispatch = await theTask(server.store, instance, 'Dispatch');
    await dispatchLetter(await staff('registrar'), { taskId: dispatch.id, channel: 'email' });
    return registrationNumber ?? '';
  }

  it('applies on a phone with a file, is routed, is answered by e-mail, and downloads the answer', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    contexts.push(context);
    const page = await context.newPage();
    const errors = watchConsole(page);

    // given: the citizen applies to the demo e-service from the portal's list
    await page.goto(`${server.url}/language/en?back=/e-services`);
    await Promise.all([
      page.waitForURL(/\/e-services\/iesniegums$/),
      page.getByRole('link', { name: 'Application to the municipality' }).click(),
    ]);
    await page.fill('#name', 'Ilze Kalēja');
    await page.fill('#email', 'ilze.answer@example.lv');
    await page.fill('#emailAgain', 'ilze.answer@example.lv');
    await page.fill('#f_topic', 'Par koku izciršanu');
    await page.fill('#f_text', 'Lūdzu atļaut nozāģēt divus kokus.');
    await page.check("input[name='f_answerBy'][value='email']");
    await page.setInputFiles('#attachments', {
      name: 'koki.pdf',
      mimeType: 'application/pdf',
      buffer: await samplePdf(['Koku izvietojuma plāns']),
    });
    await screenshot(page, 'portal-answer-1-form');
    await Promise.all([page.waitForSelector('#tracking-link'), page.click("button[type='submit']")]);
    const done = (await page.textContent('main')) ?? '';
    const number = /registered as (IES-\d{4}\/\d{4})/.exec(done)?.[1] ?? '';
    expect(number).toMatch(/^IES-\d{4}\/\d{4}$/);
    await screenshot(page, 'portal-answer-2-done');
    const trackingHref = (await page.getAttribute('#tracking-link', 'href')) ?? '';
    const trackingPath = new URL(trackingHref, server.url).pathname;
    const token = /\/e-services\/track\/([^/]+)$/.exec(trackingPath)?.[1] ?? '';
    const application = await server.store.portal.applicationByTokenHash(hashTrackingToken(token));
    expect(application).not.toBeNull();
    // The application is registered with its file and routed: the head's resolution waits for it.
    const applicationId = application?.documentId ?? '';
    expect((await server.store.attachments.list(applicationId)).map((a) => a.fileName)).toContain('koki.pdf');
    const routing = await server.store.processInstances.list({ businessKey: applicationId });
    expect(routing.items).toHaveLength(1);
    expect((await openTasksOf(server.store, routing.items[0]?.id ?? '', 'Resolution')).length).toBe(1);

    // when: staff answer it with a letter sent by e-mail, the answer's PDF attached
    const answerPdf = await samplePdf(['Atbilde: atļauja piešķirta.']);
    const answerNumber = await answerByEmail(application?.documentId ?? '', answerPdf);
    expect(answerNumber).not.toBe('');

    // then: the tracking link says answered and offers the answer's PDF
    await page.goto(`${server.url}${trackingPath}`);
    expect(await page.textContent('main')).toContain(number);
    expect(await page.textContent('#tracking-status')).toBe('Answered');
    expect(await page.textContent('main')).toContain(answerNumber);
    expect(await page.textContent('main')).toContain('Atļauja nozāģēt divus kokus ir piešķirta.');
    await screenshot(page, 'portal-answer-3-answered');
    expect(await seriousViolations(page)).toEqual([]);
    const link = page.getByRole('link', { name: 'atbilde.pdf' });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/\/e-services\/track\/[^/]+\/files\//);
    const downloaded = await page.request.get(new URL(href, server.url).toString());
    expect(downloaded.status()).toBe(200);
    expect(downloaded.headers()['content-type']).toMatch(/^application\/pdf/);
    const bytes = await downloaded.body();
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(bytes.equals(answerPdf)).toBe(true);
    expect(scriptErrors(errors)).toEqual([]);
  }, 300_000);

  it("shows the e-service's form in the visual editor; saving keeps it, and an edited label is saved", async () => {
    const page = await newPage();
    const errors = watchConsole(page);
    const service = await server.store.portal.getServiceByCode('iesniegums');
    const before = service?.formSchema as { components: { key?: string; label?: string }[] };
    await logInAs(page, server, 'admin');

    // given: the administrator opens the demo e-service; the editor shows its fields
    await page.goto(`${server.url}/admin/e-services?edit=${service?.id ?? ''}`);
    const editor = page.locator('[data-form-editor]');
    await editor.locator('.fjs-form-field').first().waitFor();
    expect(await editor.isVisible()).toBe(true);
    const fieldLabels = await editor.locator('.fjs-form-field-label').allInnerTexts();
    expect(fieldLabels.map((text) => text.replace(/\s*\*$/, ''))).toEqual(
      expect.arrayContaining([
        'Temats / Topic',
        'Iesnieguma teksts / Text',
        'Atbildi vēlos saņemt / Answer by',
      ]),
    );
    await screenshot(page, 'portal-answer-4-admin-editor');
    expect(await seriousViolations(page)).toEqual([]);

    // when: saved unchanged, the form stays as it was
    await Promise.all([page.waitForURL(/saved=1/), page.click("button[form='e-service']")]);
    const unchanged = await server.store.portal.getServiceByCode('iesniegums');
    expect(unchanged?.formSchema).toEqual(service?.formSchema);

    // when: a label is changed in the editor's properties panel and saved
    await page.goto(`${server.url}/admin/e-services?edit=${service?.id ?? ''}`);
    await editor.locator('.fjs-form-field', { hasText: 'Temats / Topic' }).first().click();
    const label = page.locator('#bio-properties-panel-label');
    if (!(await label.isVisible())) {
      await page.locator('.bio-properties-panel-group-header', { hasText: 'General' }).first().click();
    }
    // Saved at once: the label is still in the properties panel's debounce when Save is pressed.
    await label.fill('Temats / Subject');
    await Promise.all([page.waitForURL(/saved=1/), page.click("button[form='e-service']")]);

    // then: the server stored the new label and kept the other fields
    const changed = await server.store.portal.getServiceByCode('iesniegums');
    const after = changed?.formSchema as { components: { key?: string; label?: string }[] };
    expect(after.components.map((c) => c.key)).toEqual(before.components.map((c) => c.key));
    expect(after.components.find((c) => c.key === 'topic')?.label).toBe('Temats / Subject');
    expect(after.components.find((c) => c.key === 'text')?.label).toBe('Iesnieguma teksts / Text');
    await screenshot(page, 'portal-answer-5-admin-saved');
    expect(scriptErrors(errors)).toEqual([]);
  }, 300_000);
});
