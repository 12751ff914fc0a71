/** A logged-in browser for page tests: forms with their CSRF token, as a user without JavaScript. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@jest/globals';
import { SHIPPED_PROCESSES_DIR } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import type { RunningServer } from '../../web/server.js';
import { type BrowserClient, browserClient, form } from '../support/browserClient.js';

export interface PageClient extends BrowserClient {
  /** GET a page, expecting 200, and return its HTML. */
  page(path: string): Promise<string>;
  /** Posts a form as the page at `from` would, with that page's CSRF token. */
  submit(from: string, action: string, fields: Record<string, string | string[]>): Promise<Response>;
  /** Posts multipart form data (files) with the CSRF token of the page at `from`. */
  upload(from: string, action: string, data: FormData): Promise<Response>;
}

export const csrfOf = (html: string): string => {
  const token = /name='_csrf' value='([^']+)'/.exec(html)?.[1];
  if (!token) throw new Error('the page has no CSRF token');
  return token;
};

/** Logs `username` in through the login form, in English. */
export async function logIn(server: RunningServer, username: string): Promise<PageClient> {
  const credentials = server.demo?.credentials.find((c) => c.username === username);
  if (!credentials) throw new Error(`no demo user ${username}`);
  const browser = browserClient(server.url);
  await browser.fetch('/language/en?back=/login');
  const login = await browser.fetch('/login');
  const loggedIn = await browser.fetch(
    '/login',
    form({ _csrf: csrfOf(await login.text()), username, password: credentials.password }),
  );
  expect(loggedIn.status).toBe(303);

  const page = async (path: string) => {
    const response = await browser.fetch(path);
    const html = await response.text();
    if (response.status !== 200)
      throw new Error(`GET ${path} answered ${response.status}: ${html.slice(0, 500)}`);
    return html;
  };
  return {
    ...browser,
    page,
    async submit(from, action, fields) {
      const body = new URLSearchParams({ _csrf: csrfOf(await page(from)) });
      for (const [name, value] of Object.entries(fields)) {
        for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
      }
      return browser.fetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    },
    async upload(from, action, data) {
      data.set('_csrf', csrfOf(await page(from)));
      return browser.fetch(action, { method: 'POST', body: data });
    },
  };
}

/** Ids of the tasks linked from a page (the inbox). */
export const taskLinks = (html: string): string[] =>
  [...html.matchAll(/href='\/tasks\/([0-9a-f-]{36})'/g)].map((m) => m[1] ?? '');

/** The value of the `<option>` whose text contains `text`. */
export function optionValue(html: string, text: string): string {
  for (const match of html.matchAll(/<option value='([^']*)'[^>]*>([^<]*)</g)) {
    if ((match[2] ?? '').includes(text)) return match[1] ?? '';
  }
  throw new Error(`no option "${text}"`);
}

/** The calendar date `days` from today, `YYYY-MM-DD`. */
export const inDays = (days: number): string =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Text with every run of white space made one space, to match what a page shows. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ');

/**
 * A step of the shipped processes as pages in any language may show it: its Latvian name as drawn
 * and its `name:<language>` translations (the test clients log in in English).
 */
export function shownNames(name: string): string[] {
  const names = new Set([name]);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const element = new RegExp(
    `<\\w+ id="[^"]*" name="${escaped}"[^>]*>\\s*<extensionElements>([\\s\\S]*?)</extensionElements>`,
    'g',
  );
  for (const file of readdirSync(SHIPPED_PROCESSES_DIR).filter((f) => f.endsWith('.bpmn'))) {
    const xml = readFileSync(path.join(SHIPPED_PROCESSES_DIR, file), 'utf8');
    for (const found of xml.matchAll(element)) {
      for (const property of (found[1] ?? '').matchAll(/<camunda:property name="name:\w+" value="([^"]*)"/g))
        names.add(property[1] ?? '');
    }
  }
  return [...names];
}

/** Whether a task page is the page of the task `name` (its heading, in one of its languages). */
export const showsTask = (html: string, name: string): boolean =>
  shownNames(name).some((shown) => html.includes(`<h2>${shown}</h2>`));

/**
 * The id of the open task named `name` (as drawn, or in the page's language) in the inbox of `who`,
 * or undefined when there is none.
 */
export async function findTaskIn(who: PageClient, name: string): Promise<string | undefined> {
  const inbox = await who.page('/');
  const names = shownNames(name);
  const row = inbox.split('<tr').find((part) => names.some((shown) => part.includes(`>${shown}</a>`)));
  return row ? taskLinks(row)[0] : undefined;
}

/** The id of the open task named `name` in the inbox of `who`; throws showing the inbox when absent. */
export async function taskIn(who: PageClient, name: string): Promise<string> {
  const id = await findTaskIn(who, name);
  if (!id) throw new Error(`no task "${name}" in the inbox:\n${await who.page('/')}`);
  return id;
}
