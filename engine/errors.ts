/**
 * Domain errors. Each carries a stable `code` so that callers (the web layer, the engine's stored
 * state) can tell them apart without `instanceof` across module copies; the web layer maps them to
 * HTTP statuses. Engine code never throws HTTP errors.
 */

/** One problem with one field of the input, e.g. `{ field: 'code', message: 'already taken' }`. */
export interface Problem {
  field?: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'too_large';
}

/** Bad input: the request can never succeed as it is. */
export class Invalid extends DomainError {
  readonly code = 'invalid' as const;
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'Invalid';
  }
}

export class NotFound extends DomainError {
  readonly code = 'not_found' as const;
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

export class Forbidden extends DomainError {
  readonly code = 'forbidden' as const;
  constructor(message = 'You may not do this.') {
    super(message);
    this.name = 'Forbidden';
  }
}

/** The request collides with the current state (a duplicate, a stale version): retry or reload. */
export class Conflict extends DomainError {
  readonly code = 'conflict' as const;
  constructor(message: string) {
    super(message);
    this.name = 'Conflict';
  }
}

/** An upload or request larger than the configured limit. */
export class TooLarge extends DomainError {
  readonly code = 'too_large' as const;
  constructor(message: string) {
    super(message);
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
