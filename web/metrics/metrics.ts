/**
 * `/metrics` in the Prometheus text format (prom-client), on only when METRICS_TOKEN is set.
 *
 * - HTTP: a latency histogram per method, route pattern (`/api/documents/:id`, never the URL with
 *   its ids) and status class; requests that match no route count as `unmatched`.
 * - Domain: counters fed by `observeStore` (engine/store/observedStore.ts), which reports what the
 *   store committed: audit events per action, registrations per register, process steps per process,
 *   incidents, job claims (lag) and retries, mails sent and failed. No use case calls the metrics.
 * - Read at each scrape: outbox depth, overdue jobs, open incidents, the PostgreSQL pool.
 * - Node's process metrics (memory, CPU, event-loop lag, GC) from prom-client's defaults.
 *
 * Each call makes its own registry, so that several servers in one process (tests) never share one.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { OperationalFigures, StoreEvent } from '../../engine/store/operationsPorts.js';
import type { Store } from '../../engine/store/ports.js';

export interface Metrics {
  readonly registry: Registry;
  /** Give to `observeStore`: counts what the store committed. */
  onStoreEvent(event: StoreEvent): void;
  /** Times every request by its route; mount before the routes. */
  http: RequestHandler;
  /** `GET /metrics`, behind `Authorization: Bearer <METRICS_TOKEN>`. */
  endpoint: RequestHandler;
  /** The store whose figures are read at each scrape (set once it is open and observed). */
  readFrom(store: Store): void;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LAG_SECONDS = [0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400];

/** The route a request matched, as its pattern; `unmatched` when none did (404s, static misses). */
export function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && route.path !== undefined) {
    const pattern = Array.isArray(route.path) ? route.path.map(String).join('|') : String(route.path);
    return `${req.baseUrl}${pattern === '/' && req.baseUrl !== '' ? '' : pattern}` || '/';
  }
  if (req.originalUrl.startsWith('/static/')) return '/static/*';
  return 'unmatched';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Whether `header` is `Bearer <token>`: compared in constant time (over digests, whatever the length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = match?.[1] ?? '';
  // Both sides are always compared, so that a missing header takes as long as a wrong one.
  return timingSafeEqual(digest(given), digest(token)) && match !== null;
}

export function createMetrics(options: { token: string }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let store: Store | null = null;

  const httpDuration = new Histogram({
    name: 'kanceleja_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const auditEvents = new Counter({
    name: 'kanceleja_audit_events_total',
    help: 'Audit events written, by action (document.registered, process.started, task.completed, …).',
    labelNames: ['action'] as const,
    registers: [registry],
  });
  const registrations = new Counter({
    name: 'kanceleja_documents_registered_total',
    help: 'Documents registered, by register code.',
    labelNames: ['register'] as const,
    registers: [registry],
  });
  const steps = new Counter({
    name: 'kanceleja_process_steps_total',
    help: 'Process steps saved (an instance started or moved on), by process key.',
    labelNames: ['process'] as const,
    registers: [registry],
  });
  const incidents = new Counter({
    name: 'kanceleja_incidents_raised_total',
    help: 'Incidents raised on process instances.',
    registers: [registry],
  });
  const jobLag = new Histogram({
    name: 'kanceleja_job_lag_seconds',
    help: 'Delay between a job (timer) falling due and a scheduler claiming it for the first time.',
    buckets: LAG_SECONDS,
    registers: [registry],
  });
  const jobRetries = new Counter({
    name: 'kanceleja_job_retries_total',
    help: 'Jobs that failed and were given back to be retried later.',
    registers: [registry],
  });
  const mailsSent = new Counter({
    name: 'kanceleja_mail_sent_total',
    help: 'Notification mails sent.',
    registers: [registry],
  });
  const mailsFailed = new Counter({
    name: 'kanceleja_mail_failures_total',
    help: 'Failed attempts to send a notification mail; gave_up="true" when no retry follows.',
    labelNames: ['gave_up'] as const,
    registers: [registry],
  });

  // Read at each scrape; a database that does not answer leaves the last values and says so.
  const scrapeErrors = new Counter({
    name: 'kanceleja_metrics_database_errors_total',
    help: 'Scrapes whose database figures could not be read.',
    registers: [registry],
  });
  // One database read per scrape, shared by the gauges below (each collects on its own).
  let reading: { at: number; figures: Promise<OperationalFigures | null> } | null = null;
  const figures = (): Promise<OperationalFigures | null> => {
    const now = Date.now();
    if (!reading || now - reading.at > 1000) {
      const source = store;
      reading = {
        at: now,
        figures: source?.operationalFigures
          ? source.operationalFigures(new Date(now)).catch(() => {
              scrapeErrors.inc();
              return null;
            })
          : Promise.resolve(null),
      };
    }
    return reading.figures;
  };
  new Gauge({
    name: 'kanceleja_mail_outbox_depth',
    help: 'Mails waiting in the outbox, by status (queued, sending).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const read = await figures();
      for (const [status, count] of Object.entries(read?.mailOutbox ?? {})) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'kanceleja_jobs_overdue',
    help: 'Pending jobs whose due time has passed.',
    registers: [registry],
    async collect() {
      const read = await figures();
      if (read) this.set(read.jobsOverdue);
    },
  });
  new Gauge({
    name: 'kanceleja_job_oldest_overdue_seconds',
    help: 'Seconds since the oldest overdue pending job fell due (0 when none): the scheduler is behind.',
    registers: [registry],
    async collect() {
      const read = await figures();
      if (read) this.set(read.oldestOverdueJobSeconds);
    },
  });
  new Gauge({
    name: 'kanceleja_incidents_open',
    help: 'Incidents not resolved yet.',
    registers: [registry],
    async collect() {
      const read = await figures();
      if (read) this.set(read.openIncidents);
    },
  });
  new Gauge({
    name: 'kanceleja_db_pool_connections',
    help: 'PostgreSQL pool connections by state (max, total, idle, waiting); absent on the embedded database.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = store?.poolStats?.() ?? null;
      if (!pool) return;
      for (const [state, value] of Object.entries(pool)) this.set({ state }, value);
    },
  });

  const onStoreEvent = (event: StoreEvent): void => {
    switch (event.kind) {
      case 'audit':
        auditEvents.inc({ action: event.action });
        if (event.action === 'document.registered')
          registrations.inc({ register: event.register ?? 'unknown' });
        break;
      case 'step':
        steps.inc({ process: event.processKey });
        break;
      case 'incident':
        incidents.inc();
        break;
      case 'job_claimed':
        if (event.attempt <= 1) jobLag.observe(event.lagSeconds);
        break;
      case 'job_retry':
        jobRetries.inc();
        break;
      case 'mail_sent':
        mailsSent.inc();
        break;
      case 'mail_failed':
        mailsFailed.inc({ gave_up: String(event.gaveUp) });
        break;
    }
  };

  const http: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/metrics') return next();
    const end = httpDuration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeOf(req), status: `${Math.floor(res.statusCode / 100)}xx` });
    });
    next();
  };

  const endpoint: RequestHandler = async (req, res, next) => {
    if (!bearerMatches(req.get('authorization'), options.token)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="metrics"')
        .type('text/plain')
        .send('Unauthorized\n');
      return;
    }
    try {
      const body = await registry.metrics();
      res.set('Cache-Control', 'no-store').type(registry.contentType).send(body);
    } catch (error) {
      next(error);
    }
  };

  return {
    registry,
    onStoreEvent,
    http,
    endpoint,
    readFrom(target) {
      store = target;
    },
  };
}
