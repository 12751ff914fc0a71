import express from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../engine/logger.js';
import { composeEngine } from '../engine/composition.js';
import { DEFAULT_SETTINGS } from '../engine/context.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../engine/records/attachments.js';
import type { Store } from '../engine/store/ports.js';
import { authentication, defaultWebAuthOptions, type WebAuthOptions } from './auth/authentication.js';
import { type ApiDependencies, buildApi } from './api/apiRoutes.js';
import { apiNotFound, errorHandler } from './http/errorHandler.js';
import { requestId } from './http/requestId.js';
import { requestScope } from './http/requestScope.js';
import { textGuard } from './http/textGuard.js';
import type { Metrics } from './metrics/metrics.js';
import { healthRoutes } from './routes/health.js';
import { pageRoutes } from './pages/pageRoutes.js';
import { guestPages } from './pages/guest/guestPages.js';
import { pageUploads } from './pages/pageUploads.js';
import { portalPages } from './pages/portal/portalPages.js';
import { DEFAULT_PORTAL_CONFIG, type PortalConfig } from '../engine/portal/portalConfig.js';

export interface AppDependencies {
  store: Store;
  logger: Logger;
  /** Sessions, login, directory; defaults suit tests of other routes (no directory). */
  auth?: WebAuthOptions;
  /** The JSON API's calendar and upload limit; defaults suit tests. */
  api?: Omit<ApiDependencies, 'store'>;
  /** `/metrics` and request timing (web/metrics), when METRICS_TOKEN is set. */
  metrics?: Metrics;
  /** The citizen e-services portal (web/pages/portal): PORTAL… of the configuration; on by default. */
  portal?: PortalConfig;
}

/** The express application: routes call use cases, never the database directly. */
export function createApp({
  store,
  logger,
  auth = defaultWebAuthOptions(),
  api,
  metrics,
  portal = DEFAULT_PORTAL_CONFIG,
}: AppDependencies): express.Express {
  // The use cases the app calls run workflow steps: the runtime gets its listeners and rules first.
  composeEngine();
  const app = express();
  app.disable('x-powered-by');
  const pages = {
    store,
    logger,
    settings: api?.settings ?? DEFAULT_SETTINGS,
    maxUploadBytes: api?.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  };
  const authn = authentication(store, logger, auth);
  app.set('trust proxy', authn.trustProxy);
  app.use(authn.headers);
  // Before the request log, the session and CSRF: a scraper sends a bearer token, not a cookie.
  if (metrics) {
    app.use(metrics.http);
    app.get('/metrics', metrics.endpoint);
  }
  app.use(
    pinoHttp({
      logger,
      genReqId: requestId,
      // Every line logged for a request carries `reqId`; headers (cookies, tokens) are never logged.
      quietReqLogger: true,
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          // A guest's one-time link is a password until it is used: never in the log.
          url: req.url
            .replace(/^\/guest\/link\/[^/?#]+/, '/guest/link/[token]')
            // A citizen's tracking token opens their application: never in the log either.
            .replace(/^\/e-services\/track\/[^/?#]+/, '/e-services/track/[token]'),
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(requestScope(errorHandler));
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  // The citizens' portal before the session: it never reads or sets the staff session cookie.
  app.use(portalPages(pages, portal));
  app.use(authn.session);
  // After the session (a refused upload renders as a page, whose CSRF token needs the session) and
  // before the CSRF guard (the form's token is a field of the multipart body).
  app.use(pageUploads(pages.maxUploadBytes));
  app.use(authn.csrf);
  // Before login, pages and API alike: NUL, lone surrogates and bad escapes never reach a use case.
  // After the session, so that a page's refusal renders as a page (its CSRF token needs the session).
  app.use(textGuard());
  app.use(authn.passport);
  const jsonApi = buildApi({
    store,
    settings: DEFAULT_SETTINGS,
    maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
    ...api,
  });
  // The login routes, `/api/me` and health are served here, not by the API's router: their answers
  // are held to the OpenAPI document all the same.
  app.use(jsonApi.describedChecks);
  app.use(authn.routes);

  app.use('/api', healthRoutes(store));
  app.use(jsonApi.router);
  app.use('/api', apiNotFound);

  // A guest's pages before the staff pages, whose router sends everyone without a user to /login.
  app.use(guestPages(pages));
  app.use(pageRoutes(pages));

  app.use(errorHandler);
  return app;
}
