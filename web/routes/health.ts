import { Router } from 'express';
import type { Store } from '../../engine/store/ports.js';
import { VERSION } from '../../engine/version.js';

/** `GET /api/health`: for load balancers and monitoring; answers 503 when the database does not. */
export function healthRoutes(store: Store): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    try {
      const migration = await store.migration();
      res.json({ status: 'ok', version: VERSION, store: store.kind, migration });
    } catch (error) {
      req.log.error({ err: error }, 'health check: database unavailable');
      res.status(503).json({ status: 'unavailable', version: VERSION, store: store.kind, migration: null });
    }
  });
  return router;
}
