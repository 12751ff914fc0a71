/**
 * Reading the audit trail (auditors and administrators). The trail is shown whole — every event
 * keeps its place, time, actor and action, so that gaps never appear — but an event about a
 * document the reader may not see (a restricted one they are not named on) shows neither its
 * details (subject, correspondent, number, file names …) nor its object id: the document's access
 * rule holds here as everywhere. Filtering by the id of such a document (or of its process
 * instance or task) finds nothing, as for an id that names nothing.
 */
import { requireRole } from '../policies/roles.js';
import type { UseCaseContext } from '../context.js';
import { viewerOf } from '../policies/document.js';
import { isUuid } from '../store/ids.js';
import type { AuditEvent, AuditFilter, User } from '../store/ports.js';
import { displayNames, type NameOf } from '../substitutions/onBehalf.js';

export interface ShownAuditEvent extends AuditEvent {
  /** The event concerns a document the reader may not see: details and object id are left out. */
  hidden: boolean;
}

type DocumentOf = (event: Pick<AuditEvent, 'objectType' | 'objectId' | 'details'>) => Promise<string | null>;

/** The document an event is about, if any (cached per instance and task). */
function documentResolver(ctx: UseCaseContext): DocumentOf {
  const ofInstance = new Map<string, Promise<string | null>>();
  const ofTask = new Map<string, Promise<string | null>>();
  const instanceKey = (id: string) => {
    let known = ofInstance.get(id);
    if (!known) {
      known = isUuid(id)
        ? ctx.store.processInstances.get(id).then((instance) => instance?.businessKey ?? null)
        : Promise.resolve(null);
      ofInstance.set(id, known);
    }
    return known;
  };
  const taskKey = (id: string) => {
    let known = ofTask.get(id);
    if (!known) {
      known = isUuid(id)
        ? ctx.store.tasks.get(id).then((task) => task?.businessKey ?? null)
        : Promise.resolve(null);
      ofTask.set(id, known);
    }
    return known;
  };
  return async (event) => {
    const text = (key: string) => {
      const value = event.details[key];
      return typeof value === 'string' ? value : null;
    };
    if (event.objectType === 'document' && event.objectId) return event.objectId;
    const named = text('documentId') ?? text('businessKey');
    if (named) return named;
    if (event.objectType === 'process_instance' && event.objectId) return instanceKey(event.objectId);
    if (event.objectType === 'task' && event.objectId) return taskKey(event.objectId);
    const instanceId = text('processInstanceId');
    return instanceId ? instanceKey(instanceId) : null;
  };
}

/** The person an audit filter names by username, for whoever may read the trail; null if none. */
export async function auditActorNamed(ctx: UseCaseContext, username: string): Promise<User | null> {
  requireRole(ctx.actor, ['auditor', 'admin'], 'read the audit trail');
  return ctx.store.users.getByUsername(username);
}

/** People's display names for the events' actors (and those they acted for). */
export function auditNames(ctx: UseCaseContext): NameOf {
  requireRole(ctx.actor, ['auditor', 'admin'], 'read the audit trail');
  return displayNames(ctx.store);
}

export async function readAuditTrail(ctx: UseCaseContext, filter: AuditFilter): Promise<ShownAuditEvent[]> {
  requireRole(ctx.actor, ['auditor', 'admin'], 'read the audit trail');
  const viewer = viewerOf(ctx.actor);
  const documentOf = documentResolver(ctx);
  if (filter.objectId) {
    // The id asked for may itself be a hidden document, or the instance or task of one.
    const asked = await Promise.all(
      ['document', 'process_instance', 'task'].map((objectType) =>
        documentOf({ objectType, objectId: filter.objectId ?? null, details: {} }),
      ),
    );
    const ids = asked.filter((id): id is string => id !== null);
    if ((await ctx.store.documentAccess.hiddenAmong(ids, viewer)).length > 0) return [];
  }
  const events = await ctx.store.audit.list(filter);
  const documents = await Promise.all(events.map(documentOf));
  const hidden = new Set(
    await ctx.store.documentAccess.hiddenAmong(
      documents.filter((id): id is string => id !== null && isUuid(id)),
      viewer,
    ),
  );
  return events.map((event, index) => {
    const document = documents[index]?.toLowerCase();
    if (!document || !hidden.has(document)) return { ...event, hidden: false };
    return { ...event, objectId: null, details: {}, hidden: true };
  });
}
