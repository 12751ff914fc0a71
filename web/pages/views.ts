/**
 * The pages' Handlebars environment: the layout, fragments and one template per page, compiled
 * once (no partials: Prettier's Glimmer printer cannot format them). A page's HTML goes into the layout as a SafeString, so no template needs triple-stash.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import { csrfToken } from '../auth/csrf.js';
import { LANGUAGE_LABELS } from '../../engine/i18n/languages.js';
import { type Language, LANGUAGES, requestLanguage } from '../i18n/translate.js';
import { navigationFor } from './navigation.js';
import { newRenderNotes, registerHelpers } from './viewHelpers.js';

const VIEWS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'views');

const hbs = Handlebars.create();
registerHelpers(hbs);
type Template = Handlebars.TemplateDelegate<Record<string, unknown>>;
const compiled = new Map<string, Template>();

function template(name: string): Template {
  let found = compiled.get(name);
  if (!found) {
    found = hbs.compile(readFileSync(path.join(VIEWS, `${name}.hbs`), 'utf8'), { strict: false });
    compiled.set(name, found);
  }
  return found;
}

/** What every page shows around its content. */
export interface PageChrome {
  lang: Language;
  timeZone: string;
  csrfToken: string;
  /** `secondFactor`: an administrator, offered the second factor's account page. */
  user: { displayName: string; username: string; secondFactor: boolean } | null;
  nav: ReturnType<typeof navigationFor>;
  languages: {
    code: Language;
    label: string;
    href: string;
    form: boolean;
    back: string;
    csrfToken: string;
    current: 'true' | 'false';
  }[];
  headerQuery: string;
}

export function pageChrome(req: Request, timeZone: string): PageChrome {
  const lang = requestLanguage(req);
  return {
    lang,
    timeZone,
    csrfToken: csrfToken(req),
    user: req.actor
      ? {
          displayName: req.actor.displayName,
          username: req.actor.username,
          secondFactor: req.actor.roles.includes('admin'),
        }
      : null,
    // Whether the person controls something is counted per request by controlBadge.ts.
    nav: req.actor
      ? navigationFor(req.actor, req.baseUrl + req.path, {
          controls: req.res?.locals.controlsTasks === true,
        })
      : [],
    // The header search shows what the register list was asked for.
    headerQuery:
      req.path === '/documents' && typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '',
    languages: LANGUAGES.map((code) => ({
      code,
      label: LANGUAGE_LABELS[code].label,
      name: LANGUAGE_LABELS[code].name,
      href: `/language/${code}?back=${encodeURIComponent(req.originalUrl)}`,
      // A logged-in person's switch is a form: their choice is stored (see pageRoutes).
      form: req.actor !== undefined,
      back: req.originalUrl,
      csrfToken: csrfToken(req),
      current: code === lang ? 'true' : 'false',
    })),
  };
}

/** A piece of HTML made from `fragments/<name>`, for a page to place where it needs it. */
export function renderFragment(name: string, data: Record<string, unknown>): Handlebars.SafeString {
  return new hbs.SafeString(template(`fragments/${name}`)(data));
}

/**
 * Renders `pages/<view>` inside the layout. `title` is a message id; `data` is what the page's
 * template reads.
 */
export function renderPage(
  req: Request,
  res: Response,
  view: string,
  data: Record<string, unknown> & { title: string },
  /** `layout`: another file of `layouts/` (the guests' pages have their own, `guest`). */
  options: { status?: number; timeZone?: string; layout?: string } = {},
): void {
  const chrome = pageChrome(req, options.timeZone ?? 'Europe/Riga');
  // The unread count is put there per request by notificationBadge.ts.
  const context = { ...chrome, unreadNotifications: res.locals.unreadNotifications as unknown, ...data };
  const page = template(`pages/${view}`);
  // The helpers note the first field with a problem and the page's skip targets as they render.
  const notes = newRenderNotes();
  let html = page(context, { data: { renderNotes: notes } });
  if (notes.firstProblemField !== undefined) {
    // The notice above a refused form comes before its fields: a second pass links it to the first.
    html = page(context, { data: { renderNotes: { ...notes, skipTargets: [] } } });
  }
  const body = new hbs.SafeString(html);
  res.status(options.status ?? 200);
  // The doctype is added here: Prettier's Handlebars printer drops it from view files.
  res.type('html').send(
    '<!doctype html>\n' +
      template(`layouts/${options.layout ?? 'main'}`)({
        ...context,
        body,
        skipTargets: notes.skipTargets,
        firstProblemField: notes.firstProblemField ?? '',
      }),
  );
}
