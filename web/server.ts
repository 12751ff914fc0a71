/**
 * Start-up and shutdown: open the store (migrating it), seed the demo municipality into an empty
 * database, serve HTTP; on stop, finish in-flight requests, then close the database.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Config, configWarnings } from '../engine/config.js';
import {
  type DemoCredentials,
  demoCredentialsFile,
  seedDemoMunicipality,
} from '../engine/demo/seedDemoMunicipality.js';
import type { Logger } from '../engine/logger.js';
import { openStore } from '../engine/store/openStore.js';
import type { Store } from '../engine/store/ports.js';
import { SYSTEM_ACTOR, systemClock } from '../engine/context.js';
import { composeEngine } from '../engine/composition.js';
import { startScheduler } from '../engine/workflow/scheduler/startScheduler.js';
import { startMailSender } from '../engine/mail/startMailSender.js';
import { startIntakePoller } from '../engine/intake/startIntakePoller.js';
import { deployShippedProcesses } from '../engine/workflow/deployment/deployShippedProcesses.js';
import { createApp } from './app.js';
import { observeStore } from '../engine/store/observedStore.js';
import { createMetrics } from './metrics/metrics.js';
import { resolveSessionSecret } from './auth/sessionSecret.js';

export interface RunningServer {
  url: string;
  store: Store;
  /** The demo municipality seeded by this start (its passwords are shown once), or null. */
  demo: { file: string; credentials: DemoCredentials[] } | null;
  /** Stops accepting connections, waits for in-flight requests (up to the grace period), closes the store. */
  stop(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  composeEngine();
  const { store: opened, applied } = await openStore(config.store, {
    dataDir: config.dataDir,
    blobStore: config.blobStore,
  });
  // With METRICS_TOKEN, the store reports what it commits to the metrics (web/metrics/metrics.ts).
  const metrics = config.metricsToken ? createMetrics({ token: config.metricsToken }) : undefined;
  const store = metrics ? observeStore(opened, metrics.onStoreEvent) : opened;
  metrics?.readFrom(store);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const context = {
    store,
    clock: systemClock,
    settings: {
      timeZone: config.timeZone,
      holidayCountry: config.holidayCountry,
      institutionName: config.institutionName,
      institutionLogo: config.institutionLogo,
      publicUrl: config.publicUrl,
    },
  };
  for (const warning of configWarnings(config)) logger.warn(warning);
  try {
    const deployed = await deployShippedProcesses(context);
    if (deployed.length > 0) {
      logger.info({ processes: deployed.map((d) => `${d.key} v${d.version}`) }, 'shipped processes deployed');
    }
  } catch (error) {
    await store.close();
    throw error;
  }

  let demo: RunningServer['demo'] = null;
  if (config.demoData) {
    const file = demoCredentialsFile(config.dataDir, config.store);
    const credentials = await seedDemoMunicipality(store, { credentialsFile: file }).catch(
      async (error: unknown) => {
        await store.close();
        throw error;
      },
    );
    if (credentials) {
      demo = { file, credentials };
      logger.info({ file }, 'demo municipality created');
    }
  }

  const sessionSecret = await resolveSessionSecret(config.sessionSecret, config.dataDir).catch(
    async (error: unknown) => {
      await store.close();
      throw error;
    },
  );
  const app = createApp({
    store,
    logger,
    auth: { ...config, sessionSecret },
    api: { settings: context.settings, maxUploadBytes: config.maxUploadBytes },
    metrics,
    portal: config.portal,
  });
  const server = createServer(app);
  // An idle keep-alive connection is closed by its client (browsers, proxies, Node's fetch: 4–60 s),
  // not by us first: Node's 5 s default raced clients reusing the connection at that moment, and
  // they got a reset instead of an answer (seen under load; behind a proxy, as 502s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  let address: AddressInfo;
  try {
    address = await listen(server, config.host, config.port);
  } catch (error) {
    await store.close();
    throw error;
  }
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost === '0.0.0.0' ? 'localhost' : shownHost}:${address.port}`;
  logger.info({ url, store: store.kind }, 'listening');

  // Timers (deadlines, reminders, timer starts) fire from here; any number of servers may run it.
  const scheduler =
    config.schedulerIntervalMs > 0
      ? startScheduler({
          ctx: { ...context, actor: SYSTEM_ACTOR, logger },
          intervalMs: config.schedulerIntervalMs,
          onPass: (report) => {
            if (report.fired + report.incidents + report.released > 0)
              logger.info({ jobs: report }, 'scheduler pass');
          },
        })
      : null;

  // Notification mails go out only where SMTP is configured; elsewhere they wait in the outbox.
  const mailSender = config.smtp
    ? startMailSender({ store, smtp: config.smtp, clock: systemClock, logger })
    : null;

  // E-mail intake reads the mailbox of IMAP_URL and those an administrator configured; servers share
  // each by a lease.
  const intakePoller = startIntakePoller({
    store,
    imap: config.imap,
    clock: systemClock,
    maxAttachmentBytes: config.maxUploadBytes,
    logger,
  });

  let stopping: Promise<void> | undefined;
  // Keep-alive connections that fall idle during the stop are closed at once, not after their timeout.
  server.on('request', (_req, res: ServerResponse) => {
    res.on('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const graceOver = new Promise<'timeout'>((resolve) =>
        setTimeout(resolve, config.shutdownGraceMs, 'timeout').unref(),
      );
      if ((await Promise.race([closed, graceOver])) === 'timeout') {
        logger.warn('grace period over: closing the remaining connections');
        server.closeAllConnections();
        await closed;
      }
      await scheduler?.stop();
      await mailSender?.stop();
      await intakePoller?.stop();
      await store.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  return { url, store, demo, stop };
}
