/**
 * The register page with JavaScript: correspondents are found while typing, and files dropped onto
 * the attachments field are registered with those chosen in the dialog. Without JavaScript the same
 * form still registers several files. Skipped only where Chromium is missing (CI installs it).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot, watchConsole } from '../support/chromium.js';
import { samplePdf } from '../support/samplePdf.js';
import { type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

describeInChromium('the register page in the browser', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    world = await startDemoServer('register-enhancements');
    server = world.server;
    await server.store.correspondents.insert({
      kind: 'organisation',
      name: 'SIA Ceļu Būve',
      registrationCode: '40003012345',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await world?.stop();
  });

  async function registrarPage(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled });
    contexts.push(context);
    const page = await context.newPage();
    await logInAs(page, server, 'registrar', 'lv');
    await page.goto(`${server.url}/documents/new`);
    return page;
  }

  async function fillLetter(page: Page, subject: string): Promise<void> {
    const ien = await page.locator('#registerId option', { hasText: 'IEN' }).getAttribute('value');
    await page.selectOption('#registerId', ien ?? '');
    await page.fill('#subject', subject);
  }

  async function register(page: Page): Promise<string> {
    await Promise.all([
      page.waitForURL(/\/documents\/[0-9a-f-]{36}$/),
      page.click('button[name=action][value=register]'),
    ]);
    return (await page.locator('main').textContent()) ?? '';
  }

  it('finds a correspondent while typing and registers the one picked', async () => {
    const page = await registrarPage();
    const errors = watchConsole(page);
    await fillLetter(page, 'Rēķins par ceļa remontu');

    await page.locator('#correspondentQuery').pressSequentially('Ceļu', { delay: 20 });
    const found = page.locator('#correspondentResults label', { hasText: 'SIA Ceļu Būve' });
    await found.waitFor();
    await screenshot(page, 'register-lookup-while-typing');
    await found.locator('input[type=radio]').check();
    const card = await register(page);

    expect(card).toContain('SIA Ceļu Būve');
    expect(errors).toEqual([]);
  });

  it('says so when nobody is found, and Enter in the search field does not register', async () => {
    const page = await registrarPage();
    await page.fill('#correspondentQuery', 'Neesošs');
    await page.press('#correspondentQuery', 'Enter');

    await expect(page.locator('#correspondentResults').textContent()).resolves.toBeTruthy();
    await page.locator('#correspondentResults p.muted').waitFor();
    expect(new URL(page.url()).pathname).toBe('/documents/new');
  });

  it('registers files dropped onto the field together with those chosen in the dialog', async () => {
    const page = await registrarPage();
    const errors = watchConsole(page);
    await fillLetter(page, 'Iesniegums ar trim pielikumiem');
    await page.fill('#correspondentName', 'Jānis Bērziņš');
    await page.setInputFiles('#attachments', {
      name: 'izvēlēts.pdf',
      mimeType: 'application/pdf',
      buffer: await samplePdf(['izvēlēts']),
    });

    // A drop as the browser delivers it: a DataTransfer with two files.
    const [first, second] = await Promise.all([samplePdf(['pirmais']), samplePdf(['otrais'])]);
    const dataTransfer = await page.evaluateHandle(
      ([a, b]) => {
        // Runs in the page: its DataTransfer and File, not Node's.
        const page = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (bits: Uint8Array[], name: string, options: { type: string }) => unknown;
        };
        const transfer = new page.DataTransfer();
        transfer.items.add(
          new page.File([new Uint8Array(a ?? [])], 'pirmais.pdf', { type: 'application/pdf' }),
        );
        transfer.items.add(
          new page.File([new Uint8Array(b ?? [])], 'otrais.pdf', { type: 'application/pdf' }),
        );
        return transfer;
      },
      [[...first], [...second]],
    );
    await page.dispatchEvent('[data-dropzone]', 'dragover', { dataTransfer });
    await page.dispatchEvent('[data-dropzone]', 'drop', { dataTransfer });
    await expect(page.locator('[data-file-list] li').allTextContents()).resolves.toEqual([
      'izvēlēts.pdf',
      'pirmais.pdf',
      'otrais.pdf',
    ]);
    await screenshot(page, 'register-dropped-files');
    const card = await register(page);

    for (const name of ['izvēlēts.pdf', 'pirmais.pdf', 'otrais.pdf']) expect(card).toContain(name);
    expect(errors).toEqual([]);
  });

  it('registers several files without JavaScript, through the plain file input', async () => {
    const page = await registrarPage(false);
    await fillLetter(page, 'Iesniegums bez JavaScript');
    await page.fill('#correspondentName', 'Jānis Bērziņš');
    await page.setInputFiles('#attachments', [
      { name: 'viens.pdf', mimeType: 'application/pdf', buffer: await samplePdf(['viens']) },
      { name: 'divi.pdf', mimeType: 'application/pdf', buffer: await samplePdf(['divi']) },
    ]);
    const card = await register(page);

    expect(card).toContain('viens.pdf');
    expect(card).toContain('divi.pdf');
  });
});
