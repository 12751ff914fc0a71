/**
 * The browser bundles (bpmn-js modeler, viewer, form editor, the e-service form editor), built from
 * `web/client/` with esbuild's JS API in memory the first time one is asked for, so that `npm start`
 * needs no build step, nothing built is committed, and pages that never load a bundle never pay for
 * the build.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLIENT = path.join(ROOT, 'web', 'client');

/** The entry points: `/assets/<name>.js` and `/assets/<name>.css`. */
export const ENTRY_POINTS = {
  modeler: path.join(CLIENT, 'modeler', 'modelerPage.ts'),
  viewer: path.join(CLIENT, 'viewer', 'viewerPage.ts'),
  dashboard: path.join(CLIENT, 'dashboard', 'dashboardPage.ts'),
  eservices: path.join(CLIENT, 'eservices', 'eServiceFormPage.ts'),
} as const;

export interface BuiltAsset {
  contentType: string;
  body: Buffer;
  etag: string;
}

/**
 * The engine's Camunda moddle reads its JSON through `node:require`; in the browser the same
 * descriptor is imported directly, so the deployment rules run unchanged in the lint plugin.
 */
const browserCamundaModdle: Plugin = {
  name: 'browser-camunda-moddle',
  setup(builder) {
    builder.onResolve({ filter: /\/camundaModdle\.js$/ }, () => ({
      path: 'camunda-moddle',
      namespace: 'kanceleja-browser',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'kanceleja-browser' }, () => ({
      contents: [
        "import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';",
        'export { camundaModdle };',
        "export const CAMUNDA_NAMESPACE = 'http://camunda.org/schema/1.0/bpmn';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

async function buildAll(): Promise<Map<string, BuiltAsset>> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRY_POINTS,
    bundle: true,
    write: false,
    outdir: '/assets',
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    // Fonts and icons travel inside the CSS, so one stylesheet per bundle is all a page loads.
    loader: {
      '.woff': 'dataurl',
      '.woff2': 'dataurl',
      '.ttf': 'dataurl',
      '.eot': 'dataurl',
      '.svg': 'dataurl',
    },
    jsx: 'automatic',
    jsxImportSource: '@bpmn-io/properties-panel/preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [browserCamundaModdle],
  });
  const assets = new Map<string, BuiltAsset>();
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    const body = Buffer.from(file.contents);
    assets.set(name, {
      contentType: CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream',
      body,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    });
  }
  return assets;
}

let built: Promise<Map<string, BuiltAsset>> | null = null;

/** All bundles, built once per process; a failed build is retried on the next request. */
export function clientBundles(): Promise<Map<string, BuiltAsset>> {
  if (!built) {
    built = buildAll();
    built.catch(() => {
      built = null;
    });
  }
  return built;
}
