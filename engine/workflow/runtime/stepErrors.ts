import { Conflict } from '../../errors.js';
import type { StepFailure } from './engineSession.js';

/** Thrown inside a step's transaction when the engine failed: the transaction rolls back. */
export class StepFailed extends Error {
  constructor(readonly failure: StepFailure) {
    super(failure.message);
    this.name = 'StepFailed';
  }
}

/**
 * The step could not run (an expression failed, a service is unknown or refused): nothing of it was
 * saved, the instance waits for an administrator, and `incidentId` names what to retry.
 */
export class IncidentRaised extends Conflict {
  constructor(
    readonly incidentId: string,
    readonly failure: StepFailure,
  ) {
    super(
      `the process failed${failure.elementId ? ` at ${failure.elementId}` : ''}: ${failure.message} ` +
        `(incident ${incidentId}; an administrator can retry it)`,
    );
    this.name = 'IncidentRaised';
  }
}
