/**
 * The audit trail's hash chain: each event's hash covers the previous event's hash and the event's
 * own content, so changing, removing or reordering any stored event breaks every hash after it.
 */
import { createHash } from 'node:crypto';
import type { JsonValue } from '../store/ports.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorName: string;
  onBehalfOfId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  details: { [key: string]: JsonValue };
}

/** JSON with object keys sorted, so that a database's key order (jsonb) does not change the hash. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function chainHash(prevHash: string, event: ChainedContent): string {
  const content = canonicalJson({
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorName: event.actorName,
    onBehalfOfId: event.onBehalfOfId,
    action: event.action,
    objectType: event.objectType,
    objectId: event.objectId,
    details: event.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}
