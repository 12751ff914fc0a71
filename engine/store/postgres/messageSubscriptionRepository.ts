import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db.js';
import type { MessageSubscription, MessageSubscriptionRepository } from '../workflowPorts.js';

interface SubscriptionRow {
  id: string;
  instance_id: string;
  business_key: string | null;
  message_name: string;
  message_ref: string;
  element_id: string;
  execution_id: string;
  created_at: Date;
}

const toSubscription = (row: SubscriptionRow): MessageSubscription => ({
  id: row.id,
  instanceId: row.instance_id,
  businessKey: row.business_key,
  messageName: row.message_name,
  messageRef: row.message_ref,
  elementId: row.element_id,
  executionId: row.execution_id,
  createdAt: row.created_at,
});

export function messageSubscriptionRepository(db: Queryable): MessageSubscriptionRepository {
  return {
    async replaceForInstance(instanceId, subscriptions) {
      await db.query(
        'DELETE FROM message_subscriptions WHERE instance_id = $1 AND NOT (execution_id = ANY ($2::text[]))',
        [instanceId, subscriptions.map((s) => s.executionId)],
      );
      for (const subscription of subscriptions) {
        await db.query(
          `INSERT INTO message_subscriptions (id, instance_id, business_key, message_name, message_ref, element_id,
                                              execution_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (instance_id, execution_id) DO NOTHING`,
          [
            randomUUID(),
            instanceId,
            subscription.businessKey,
            subscription.messageName,
            subscription.messageRef,
            subscription.elementId,
            subscription.executionId,
            subscription.createdAt,
          ],
        );
      }
    },
    async find(messageName, businessKey) {
      const rows = await db.query<SubscriptionRow>(
        `SELECT * FROM message_subscriptions WHERE message_name = $1 AND business_key IS NOT DISTINCT FROM $2
          ORDER BY created_at, id`,
        [messageName, businessKey],
      );
      return rows.map(toSubscription);
    },
    async findByName(messageName) {
      const rows = await db.query<SubscriptionRow>(
        'SELECT * FROM message_subscriptions WHERE message_name = $1 ORDER BY created_at, id',
        [messageName],
      );
      return rows.map(toSubscription);
    },
    async listByInstance(instanceId) {
      const rows = await db.query<SubscriptionRow>(
        'SELECT * FROM message_subscriptions WHERE instance_id = $1 ORDER BY created_at, id',
        [instanceId],
      );
      return rows.map(toSubscription);
    },
  };
}
