/**
 * Each request runs in its own async scope, so that an error no handler caught — thrown inside a
 * stream's listener, where neither express nor a promise can hear it — still answers the request it
 * broke (a 500 with a reference) instead of leaving its client waiting for ever.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ErrorRequestHandler, RequestHandler } from 'express';

interface RequestScope {
  fail(error: unknown): void;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** Runs the rest of the chain in the request's scope; `answer` is the app's error handler. */
export function requestScope(answer: ErrorRequestHandler): RequestHandler {
  return (req, res, next) => {
    const scope: RequestScope = {
      fail(error) {
        if (res.headersSent || res.writableEnded) return;
        answer(error, req, res, () => undefined);
      },
    };
    scopes.run(scope, next);
  };
}

/** Answers the request in whose scope `error` was thrown, if any and not yet answered. */
export function failCurrentRequest(error: unknown): void {
  scopes.getStore()?.fail(error);
}
