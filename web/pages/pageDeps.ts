/** What the pages need from the app, and the use-case context of one page request. */
import type { Request } from 'express';
import { type InstitutionSettings, systemClock, type UseCaseContext } from '../../engine/context.js';
import type { Logger } from '../../engine/logger.js';
import type { Store } from '../../engine/store/ports.js';

export interface PageDeps {
  store: Store;
  logger: Logger;
  /** The institution's time zone and holidays. */
  settings: InstitutionSettings;
  /** Largest accepted attachment, in bytes. */
  maxUploadBytes: number;
}

/** The context for the use case of this request; `requirePageUser` ran before, so `req.actor` is set. */
export function pageContext(req: Request, deps: PageDeps): UseCaseContext {
  if (!req.actor) throw new Error('page route reached without requirePageUser');
  return {
    actor: req.actor,
    store: deps.store,
    clock: systemClock,
    logger: deps.logger,
    settings: deps.settings,
  };
}
