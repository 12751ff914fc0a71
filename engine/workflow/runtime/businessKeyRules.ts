/**
 * What the runtime asks about a business key, answered by the side that knows what business keys
 * name (records: a document and its access rule) and given to the runtime by the composition root
 * (engine/composition.ts). The runtime only knows that a business key may name something some
 * people may not see or route.
 */
import type { Actor } from '../../context.js';
import type { DocumentViewer } from '../../store/recordPorts.js';
import type { Repositories } from '../../store/ports.js';
import type { TaskRecord } from '../../store/workflowPorts.js';

export interface BusinessKeyRules {
  /**
   * Throws (Forbidden, NotFound, Conflict) unless `actor` may route what `businessKey` names: start
   * a process on it, or continue one with a message. No business key, or the system acting, passes.
   */
  requireMayRoute(
    actor: Actor,
    repos: Pick<Repositories, 'documents' | 'documentAccess'>,
    businessKey: string | null | undefined,
  ): Promise<void>;
  /** NotFound when `task`'s business key names something `actor` may not see. */
  requireTaskVisible(
    actor: Actor,
    repos: Pick<Repositories, 'documentAccess'>,
    task: TaskRecord,
  ): Promise<void>;
  /** The viewer the access rule sees in `actor` (for `documentAccess.canSee`). */
  viewerOf(actor: Actor): DocumentViewer;
  /** The roles that see documents without a grant (for the tasks that reach nobody). */
  viewerRoles: { seesAllUnrestricted: readonly string[]; seesAllDrafts: readonly string[] };
}

let given: BusinessKeyRules | null = null;

/** Gives the runtime its business-key rules (the composition root does, once per process). */
export function useBusinessKeyRules(rules: BusinessKeyRules): void {
  given = rules;
}

/** The rules given; a runtime without them refuses to guess who may see what. */
export function businessKeyRules(): BusinessKeyRules {
  if (!given) throw new Error('the workflow runtime has no business-key rules: call composeEngine()');
  return given;
}
