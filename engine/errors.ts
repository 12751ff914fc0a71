/**
 * Domain errors. Each carries a stable `code` so that callers (the web layer, the engine's stored
 * state) can tell them apart without `instanceof` across module copies; the web layer maps them to
 * HTTP statuses. Engine code never throws HTTP errors.
 *
 * The message is English, a default: `messageCode` (a message id of web/i18n/en.ts, e.g.
 * `refusal.systemReads`) and `params` (its placeholders' values) let the pages and the API say it in
 * the reader's language. An error without a message code is shown as written.
 */
import type { MessageParams, Problem } from './kernel/problems.js';

export type { MessageParams, Problem } from './kernel/problems.js';

export abstract class DomainError extends Error {
  abstract readonly code: 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'too_large';

  constructor(
    message: string,
    /** The message id that says `message` in every language, if it has one. */
    readonly messageCode?: string,
    readonly params?: MessageParams,
  ) {
    super(message);
  }
}

/** Bad input: the request can never succeed as it is. */
export class Invalid extends DomainError {
  readonly code = 'invalid' as const;
  constructor(
    message: string,
    readonly problems: Problem[] = [],
    messageCode?: string,
    params?: MessageParams,
  ) {
    super(message, messageCode, params);
    this.name = 'Invalid';
  }
}

export class NotFound extends DomainError {
  readonly code = 'not_found' as const;
  constructor(message: string, messageCode?: string, params?: MessageParams) {
    super(message, messageCode, params);
    this.name = 'NotFound';
  }
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden' as const;
  /** Without a message: the general refusal, `refusal.forbidden`. */
  constructor(message?: string, messageCode?: string, params?: MessageParams) {
    super(
      message ?? 'You may not do this.',
      message === undefined ? 'refusal.forbidden' : messageCode,
      params,
    );
    this.name = 'Forbidden';
  }
}

/** The request collides with the current state (a duplicate, a stale version): retry or reload. */
export class Conflict extends DomainError {
  readonly code = 'conflict' as const;
  constructor(message: string, messageCode?: string, params?: MessageParams) {
    super(message, messageCode, params);
    this.name = 'Conflict';
  }
}

/** An upload or request larger than the configured limit. */
export class TooLarge extends DomainError {
  readonly code = 'too_large' as const;
  constructor(message: string, messageCode?: string, params?: MessageParams) {
    super(message, messageCode, params);
    this.name = 'TooLarge';
  }
}

/**
 * The server cannot start (bad configuration, unreachable database, a failing migration).
 * `message` is written for the administrator who reads it on the console.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
