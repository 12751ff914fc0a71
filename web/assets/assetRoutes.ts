/** `GET /assets/<name>.js|.css`: the browser bundles, built on first request (see clientBundles.ts). */
import { Router } from 'express';
import { clientBundles } from './clientBundles.js';

/** Bundles change only with a new server version: browsers revalidate by ETag after an hour. */
const CACHE_CONTROL = 'public, max-age=3600, must-revalidate';

export function assetRoutes(): Router {
  const router = Router();
  router.get('/assets/:name', async (req, res) => {
    const name = req.params.name;
    const asset = /^[a-z]+\.(js|css)$/.test(name) ? (await clientBundles()).get(name) : undefined;
    // Public like /static: an unknown asset is a plain 404, not a login page.
    if (!asset) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.set({ 'Content-Type': asset.contentType, 'Cache-Control': CACHE_CONTROL, ETag: asset.etag });
    if (req.get('if-none-match') === asset.etag) {
      res.status(304).end();
      return;
    }
    res.send(asset.body);
  });
  return router;
}
