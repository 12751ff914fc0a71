/**
 * Puts whether the user controls an open task where the menu reads it
 * (`res.locals.controlsTasks`): "Under my control" is shown to every controller, not only heads.
 * One count per page render, only for those the menu would not show it to anyway.
 */
import type { RequestHandler } from 'express';
import { hasRole } from '../../../engine/policies/roles.js';
import { controlsAnything } from '../../../engine/records/controlList.js';
import { pageContext, type PageDeps } from '../pageDeps.js';

export function controlBadge(deps: PageDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      if (req.method === 'GET' && req.actor?.id && !hasRole(req.actor, 'head', 'dept_head')) {
        res.locals.controlsTasks = await controlsAnything(pageContext(req, deps));
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
