/**
 * Verifies the audit trail's hash chain from its first event to its head, and names the first event
 * that does not hold: changed, removed, reordered, or cut off at the end. Read-only.
 */
import type { AuditEvent, Store } from '../store/ports.js';

export type AuditTrailReport =
  | { ok: true; verified: number; message: string }
  | {
      ok: false;
      /** Events before the broken one, which do verify. */
      verified: number;
      brokenAtSeq: number;
      /** The stored event at that position, or null when it is missing. */
      event: AuditEvent | null;
      message: string;
    };

const describeEvent = (event: AuditEvent): string =>
  [
    `${event.action} on ${event.objectType}${event.objectId ? ` ${event.objectId}` : ''}`,
    `by ${event.actorName}`,
    `at ${event.occurredAt.toISOString()}`,
  ].join(', ');

export async function verifyAuditTrail(store: Pick<Store, 'audit'>): Promise<AuditTrailReport> {
  const result = await store.audit.verify();
  if (result.ok) {
    return {
      ok: true,
      verified: result.count,
      message: `audit trail intact: ${result.count} event${result.count === 1 ? '' : 's'} verified`,
    };
  }
  const [event] = await store.audit.list({ afterSeq: result.brokenAtSeq - 1, limit: 1 });
  const stored = event?.seq === result.brokenAtSeq ? event : null;
  const what = stored
    ? `event #${stored.seq} (${describeEvent(stored)}) does not match its hash: it, or its link to the event before it, was changed`
    : `event #${result.brokenAtSeq} is missing: it was removed, or the trail was cut off after event #${result.brokenAtSeq - 1}`;
  return {
    ok: false,
    verified: result.count,
    brokenAtSeq: result.brokenAtSeq,
    event: stored,
    message: `audit trail BROKEN at event #${result.brokenAtSeq}: ${what}; the ${result.count} event${result.count === 1 ? '' : 's'} before it verify`,
  };
}
