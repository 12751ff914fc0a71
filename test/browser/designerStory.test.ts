/**
 * Issue 7's done-when story in real Chromium: a designer opens the shipped incoming-correspondence
 * process, adds a user task "legal check" for the legal department between the resolution and the
 * decision, and deploys version 2. A letter registered afterwards takes the new route, a letter
 * started on version 1 continues on version 1, and one old instance is migrated from the instance
 * view. The document card shows the diagram with the current step highlighted.
 * Skipped only where Chromium is missing (CI installs it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { writeResolution } from '../../engine/records/resolution.js';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot, watchConsole } from '../support/chromium.js';
import { TestClock } from '../support/workflow.js';
import { withoutFaviconErrors } from './designerFixtures.js';

// Only where Chromium is missing: CI installs it, so there the file always runs.
const describeWithChromium = chromiumAvailable ? describe : describe.skip;

/** The bpmn-js services the test drives on the page's `window.kanceleja.modeler`. */
interface ModelerServices {
  get(name: 'elementRegistry'): { get(id: string): unknown };
  get(name: 'modeling'): {
    removeConnection(connection: unknown): void;
    createShape(shape: object, position: { x: number; y: number }, parent: unknown): unknown;
    updateProperties(element: unknown, properties: object): void;
    connect(source: unknown, target: unknown): unknown;
  };
  get(name: 'selection'): { select(element: unknown): void };
}

// The set-up starts a server on the demo municipality (the first of a run prepares its template: a
// migrated database, seven argon2 hashes), launches Chromium and bundles the designer on first use;
// on a busy 2-core machine that alone can pass jest's 60 s. The assertions do not depend on time.
jest.setTimeout(300_000);

describeWithChromium('the designer changes the incoming-correspondence route', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  const clock = new TestClock(new Date().toISOString());
  const actors: Record<string, Actor> = {};
  const ctx = (username: string): UseCaseContext => {
    const actor = actors[username];
    if (!actor) throw new Error(`no actor ${username}`);
    return { store: server.store, actor, clock };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-designer-story-'));
    server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_INTERVAL_SECONDS: '0',
    });
    // The demo municipality has no legal department: the story adds one.
    await server.store.departments.insert({ code: 'JUR', name: 'Juridiskā nodaļa' });
    for (const username of ['registrar', 'head', 'executor']) {
      const user = await server.store.users.getByUsername(username);
      if (!user) throw new Error(`no demo user ${username}`);
      actors[username] = actorFromUser(user);
    }
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    consoleErrors = withoutFaviconErrors(page, watchConsole(page));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const register = async (subject: string) => {
    const ien = (await server.store.registers.list()).find((r) => r.code === 'IEN');
    const registered = await registerDocument(ctx('registrar'), { registerId: ien?.id ?? '', subject });
    return { documentId: registered.document.id, instanceId: registered.processInstanceId ?? '' };
  };
  const openTasks = async (instanceId: string) =>
    (await server.store.tasks.listByInstance(instanceId, { status: 'open' })).map((t) => ({
      elementId: t.elementId,
      candidateGroups: t.candidateGroups,
    }));
  const resolve = async (instanceId: string) => {
    const [resolution] = (await server.store.tasks.listByInstance(instanceId, { status: 'open' })).filter(
      (t) => t.elementId === 'Resolution',
    );
    await writeResolution(ctx('head'), {
      taskId: resolution?.id ?? '',
      decision: 'execute',
      executors: ['executor'],
      responsible: 'executor',
      controller: 'head',
      deadline: new Date(clock.now().getTime() + 20 * 86_400_000).toISOString().slice(0, 10),
      text: 'Izskatīt.',
    });
  };
  const versionOf = async (instanceId: string) =>
    (await server.store.processInstances.get(instanceId))?.definitionVersion;

  it('adds a legal check, deploys version 2, routes new letters through it and migrates an old one', async () => {
    // given two letters on version 1 of the shipped process
    const onVersion1 = await register('Vēstule pirms izmaiņām');
    const toMigrate = await register('Vēstule pārcelšanai');
    expect(await versionOf(onVersion1.instanceId)).toBe(1);

    // when the designer opens version 1 and puts a "legal check" for JUR after the resolution
    await logInAs(page, server, 'designer');
    await page.goto(`${server.url}/designer`);
    await page.waitForSelector('#designer[data-ready=true]');
    // deploy times as every page shows an instant: the page's language and the institution's zone
    const deployedAt = await page
      .locator('[data-process-key=incoming-correspondence] tr[data-version="1"] td')
      .nth(3)
      .textContent();
    expect(deployedAt).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    await Promise.all([
      page.waitForURL(/\/designer\/edit\?/),
      page.click('[data-process-key=incoming-correspondence] tr[data-version="1"] a[href^="/designer/edit"]'),
    ]);
    await page.waitForSelector('#designer[data-ready=true]');
    expect(await page.locator('#kanceleja-candidate-groups option[value=JUR]').count()).toBe(1);
    await page.evaluate(() => {
      const modeler = (globalThis as unknown as { kanceleja: { modeler: ModelerServices } }).kanceleja
        .modeler;
      const registry = modeler.get('elementRegistry');
      const modeling = modeler.get('modeling');
      type Shape = { x: number; y: number; width: number; parent: unknown };
      const resolution = registry.get('Resolution') as Shape;
      const decision = registry.get('Decision');
      modeling.removeConnection(registry.get('Flow_ToDecision'));
      const legal = modeling.createShape(
        { type: 'bpmn:UserTask' },
        { x: resolution.x + resolution.width + 200, y: resolution.y + 40 },
        resolution.parent,
      );
      modeling.updateProperties(legal, {
        id: 'LegalCheck',
        name: 'legal check',
        'camunda:candidateGroups': 'JUR',
      });
      modeling.connect(resolution, legal);
      modeling.connect(legal, decision);
      modeler.get('selection').select(legal);
    });
    await screenshot(page, 'designer-story-1-legal-check-drawn');
    await page.click('[data-action=deploy]');
    await page.locator('[data-status].info', { hasText: /deployed/ }).waitFor();

    // then version 2 is deployed
    expect(await page.locator('[data-status]').textContent()).toBe('Version 2 deployed.');
    await screenshot(page, 'designer-story-2-deployed');

    // and the comparison of versions 1 and 2 marks the legal check as added
    await page.goto(`${server.url}/designer/compare?key=incoming-correspondence&from=1&to=2`);
    await page.waitForSelector('[data-diagram][data-ready=true]');
    expect(await page.locator('[data-change-kind=added] li[data-element-id=LegalCheck]').count()).toBe(1);
    expect(await page.locator('[data-canvas] .kanceleja-added[data-element-id=LegalCheck]').count()).toBe(1);
    await screenshot(page, 'designer-story-2b-compared');

    // and a new letter takes the new route: after the resolution, the legal department's check
    const onVersion2 = await register('Vēstule pēc izmaiņām');
    expect(await versionOf(onVersion2.instanceId)).toBe(2);
    await resolve(onVersion2.instanceId);
    expect(await openTasks(onVersion2.instanceId)).toEqual([
      { elementId: 'LegalCheck', candidateGroups: ['JUR'] },
    ]);

    // and the letter started on version 1 continues on version 1: straight to execution
    await resolve(onVersion1.instanceId);
    expect(await versionOf(onVersion1.instanceId)).toBe(1);
    expect((await openTasks(onVersion1.instanceId)).map((t) => t.elementId)).toEqual(['Execution']);

    // when the designer migrates the other old letter from its instance view
    await page.goto(`${server.url}/designer/instances/${toMigrate.instanceId}`);
    await page.waitForSelector('[data-diagram][data-ready=true]');
    expect(await page.locator('[data-canvas] .kanceleja-active[data-element-id=Resolution]').count()).toBe(1);
    await page.fill('#migrate-to', '2');
    await page.click('.designer-migrate button[type=submit]');
    const migrated = page.locator('[data-migration-result].info');
    await migrated.waitFor();
    expect(await migrated.textContent()).toBe('Moved from version 1 to version 2.');
    // and the view redraws the instance on version 2's diagram, where it stands at the same step
    await page.waitForSelector('[data-diagram][data-version="2"][data-ready=true]');
    expect(await page.locator('[data-diagram-status]').textContent()).toContain('2');
    expect(await page.locator('[data-canvas] [data-element-id=LegalCheck]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-canvas] .kanceleja-active[data-element-id=Resolution]').count()).toBe(1);
    // and its history, in words, ends with the migration
    const migrationNote = page.locator('[data-history] li[data-event="history.appended"]');
    expect(await migrationNote.textContent()).toContain('note — Moved from version 1 to version 2.');
    expect(
      await page.locator('[data-history] li[data-event="task.created"]').first().textContent(),
    ).toContain('task created');
    await screenshot(page, 'designer-story-3-migrated');

    // then it runs on version 2 from where it stood
    expect(await versionOf(toMigrate.instanceId)).toBe(2);
    await resolve(toMigrate.instanceId);
    expect((await openTasks(toMigrate.instanceId)).map((t) => t.elementId)).toEqual(['LegalCheck']);

    // and the heat map of version 2 counts the instances waiting at the legal check
    await page.goto(`${server.url}/designer/heatmap?key=incoming-correspondence&version=2`);
    await page.waitForSelector('[data-diagram][data-ready=true]');
    expect(await page.locator('[data-count-for=LegalCheck]').textContent()).toMatch(/^[1-9]\d* \/ \d+$/);
    await screenshot(page, 'designer-story-3b-heatmap');

    // and the head's document card shows where the new letter stands
    const headPage = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const headErrors = withoutFaviconErrors(headPage, watchConsole(headPage));
    await logInAs(headPage, server, 'head');
    await headPage.goto(`${server.url}/documents/${onVersion2.documentId}`);
    await headPage.waitForSelector('[data-diagram][data-ready=true]');
    const card = headPage.locator('[data-diagram] [data-canvas]');
    expect(await card.locator('.kanceleja-active[data-element-id=LegalCheck]').count()).toBe(1);
    expect(await card.locator('.kanceleja-completed[data-element-id=Resolution]').count()).toBe(1);
    await screenshot(headPage, 'designer-story-4-document-card');
    expect(consoleErrors).toEqual([]);
    expect(headErrors).toEqual([]);
  });
});
