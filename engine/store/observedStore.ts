/**
 * A store that reports what it committed: the metrics listen here rather than in every use case.
 * Repository calls are wrapped (audit events, instance saves, incidents, job claims and retries,
 * mail results); inside a transaction the events wait for the commit, and are dropped when it rolls
 * back. A listener that throws is ignored: observing never breaks the work observed.
 */
import type { StoreEvent } from './operationsPorts.js';
import type { Repositories, Store } from './ports.js';

export type StoreListener = (event: StoreEvent) => void;

function safely(listener: StoreListener): StoreListener {
  return (event) => {
    try {
      listener(event);
    } catch {
      // Observing must never break the work observed.
    }
  };
}

function register(details: unknown): string | null {
  const value = (details as { register?: unknown } | undefined)?.register;
  return typeof value === 'string' ? value : null;
}

/** The repositories of `repos`, reporting to `emit` after each call that resolves. */
function observedRepositories<R extends Repositories>(repos: R, emit: StoreListener): R {
  const { audit, processInstances, incidents, jobs, mailOutbox } = repos;
  return {
    ...repos,
    audit: {
      ...audit,
      async append(event) {
        await audit.append(event);
        emit({ kind: 'audit', action: event.action, register: register(event.details) });
      },
    },
    processInstances: {
      ...processInstances,
      async insert(instance) {
        const saved = await processInstances.insert(instance);
        emit({ kind: 'step', processKey: saved.processKey });
        return saved;
      },
      async update(id, expectedVersionNo, change) {
        const saved = await processInstances.update(id, expectedVersionNo, change);
        emit({ kind: 'step', processKey: saved.processKey });
        return saved;
      },
    },
    incidents: {
      ...incidents,
      async insert(incident) {
        const saved = await incidents.insert(incident);
        emit({ kind: 'incident' });
        return saved;
      },
    },
    jobs: {
      ...jobs,
      async claimDue(options) {
        const claimed = await jobs.claimDue(options);
        for (const job of claimed) {
          emit({
            kind: 'job_claimed',
            lagSeconds: Math.max(0, (options.now.getTime() - job.dueAt.getTime()) / 1000),
            attempt: job.attempts,
          });
        }
        return claimed;
      },
      async release(id, error, retryAt) {
        await jobs.release(id, error, retryAt);
        emit({ kind: 'job_retry' });
      },
    },
    mailOutbox: {
      ...mailOutbox,
      async markSent(id, at, messageId) {
        await mailOutbox.markSent(id, at, messageId);
        emit({ kind: 'mail_sent' });
      },
      async markFailed(id, error, retryAt) {
        await mailOutbox.markFailed(id, error, retryAt);
        emit({ kind: 'mail_failed', gaveUp: retryAt === null });
      },
    },
  };
}

/** `store`, reporting every committed event to `listener`. */
export function observeStore(store: Store, listener: StoreListener): Store {
  const emit = safely(listener);
  return {
    ...observedRepositories(store, emit),
    async transaction(work) {
      const pending: StoreEvent[] = [];
      const result = await store.transaction((tx) =>
        work(observedRepositories(tx, (event) => pending.push(event))),
      );
      for (const event of pending) emit(event);
      return result;
    },
  };
}
