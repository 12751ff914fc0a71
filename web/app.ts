import express from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../engine/logger.js';
import type { Store } from '../engine/store/ports.js';
import { VERSION } from '../engine/version.js';
import { apiNotFound, errorHandler } from './http/errorHandler.js';
import { requestId } from './http/requestId.js';
import { healthRoutes } from './routes/health.js';

export interface AppDependencies {
  store: Store;
  logger: Logger;
}

/** The express application: routes call use cases, never the database directly. */
export function createApp({ store, logger }: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
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
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(express.json({ limit: '1mb' }));

  app.use('/api', healthRoutes(store));
  app.use('/api', apiNotFound);

  app.get('/', (_req, res) => {
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Kanceleja</title>` +
          `<h1>Kanceleja ${VERSION}</h1><p>The server is running. Health: <a href="/api/health">/api/health</a></p></html>`,
      );
  });

  app.use(errorHandler);
  return app;
}
