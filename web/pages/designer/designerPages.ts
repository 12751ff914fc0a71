/**
 * The process designer's pages (`/designer…`): shells the browser bundles fill from the JSON API
 * (see docs/designer.md). Designers and administrators only; the instance view also for auditors,
 * who read but never migrate.
 */
import { Router, type Request } from 'express';
import { hasRole, requireRole } from '../../../engine/policies/roles.js';
import { Invalid } from '../../../engine/errors.js';
import { listProcesses } from '../../../engine/workflow/deployment/listProcesses.js';
import { localProcessNames } from '../../../engine/workflow/deployment/localNames.js';
import { getInstanceActedFor } from '../../../engine/workflow/designer/instanceDiagram.js';
import { requestLanguage, translator } from '../../i18n/translate.js';
import { queryText } from '../formBody.js';
import { pageContext, type PageDeps } from '../pageDeps.js';
import { renderPage } from '../views.js';
import { designerMessagesJson } from './designerMessages.js';

const KEY = /^[A-Za-z_][\w.-]{0,199}$/;

function processKey(req: Request): string {
  const key = queryText(req, 'key').trim();
  if (!KEY.test(key))
    throw new Invalid('Give the process key.', [{ field: 'key', message: 'is not a process key' }]);
  return key;
}

function versionNumber(req: Request, field: string): number {
  const version = Number(queryText(req, field));
  if (!Number.isInteger(version) || version < 1) {
    throw new Invalid(`Give the ${field} version as a number.`, [
      { field, message: 'is not a version number' },
    ]);
  }
  return version;
}

export function designerPages(deps: PageDeps): Router {
  const router = Router();
  const designer = (req: Request) => {
    requireRole(pageContext(req, deps).actor, ['designer', 'admin'], 'design processes');
    return { messages: designerMessagesJson(req) };
  };

  router.get('/designer', async (req, res) => {
    const shell = designer(req);
    const ctx = pageContext(req, deps);
    // The list comes from the API; the processes' names in the page's language come with the page.
    const keys = (await listProcesses(ctx)).map((p) => p.key);
    const names = await localProcessNames(ctx, requestLanguage(req), keys);
    renderPage(
      req,
      res,
      'designerList',
      {
        title: 'designer.title',
        processNames: JSON.stringify(Object.fromEntries([...names].filter(([, name]) => name !== null))),
        ...shell,
      },
      // The list's times are drawn in the browser in this zone (`<html data-time-zone>`).
      { timeZone: deps.settings.timeZone },
    );
  });

  router.get('/designer/new', (req, res) => {
    renderPage(req, res, 'designerEdit', {
      title: 'designer.newDiagram',
      key: '',
      version: '',
      ...designer(req),
    });
  });

  router.get('/designer/edit', (req, res) => {
    const shell = designer(req);
    const key = processKey(req);
    const version = versionNumber(req, 'version');
    renderPage(req, res, 'designerEdit', { title: 'designer.editTitle', key, version, ...shell });
  });

  router.get('/designer/compare', (req, res) => {
    const shell = designer(req);
    const key = processKey(req);
    const from = versionNumber(req, 'from');
    const to = versionNumber(req, 'to');
    renderPage(req, res, 'designerCompare', { title: 'designer.compareTitle', key, from, to, ...shell });
  });

  router.get('/designer/heatmap', (req, res) => {
    const shell = designer(req);
    const key = processKey(req);
    const version = versionNumber(req, 'version');
    renderPage(req, res, 'designerHeatmap', { title: 'designer.heatmapTitle', key, version, ...shell });
  });

  router.get('/designer/instances/:id', async (req, res) => {
    const ctx = pageContext(req, deps);
    const actor = ctx.actor;
    requireRole(actor, ['designer', 'admin', 'auditor'], 'view process instances');
    // The history (drawn by the bundle from the API) says who acted for whom, worded here.
    const t = translator(requestLanguage(req));
    const actedFor = await getInstanceActedFor(ctx, { instanceId: req.params.id });
    renderPage(
      req,
      res,
      'designerInstance',
      {
        title: 'designer.instanceTitle',
        instanceId: req.params.id,
        actedFor: JSON.stringify(
          Object.fromEntries(
            actedFor.map((line) => [
              `${line.at.toISOString()} ${line.event}`,
              t('designer.actedFor', { ...line.actedFor }),
            ]),
          ),
        ),
        mayMigrate: hasRole(actor, 'designer', 'admin'),
        messages: designerMessagesJson(req),
      },
      // The history's times are drawn in the browser in this zone (`<html data-time-zone>`).
      { timeZone: deps.settings.timeZone },
    );
  });
  return router;
}
