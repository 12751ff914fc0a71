/**
 * API tokens: administrators make them for integrations; each acts as a named user. A token is 32
 * random bytes shown once at creation; only its SHA-256 is stored (a salt or a slow hash adds
 * nothing for a random secret of that size), so a stolen database copy holds no working token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { changeAudited } from '../audit/auditedSwitch.js';
import { type Actor, auditActor, type UseCaseContext } from '../context.js';
import { requireAdmin } from '../policies/admin.js';
import { Problems } from '../kernel/problems.js';
import type { ApiToken } from '../store/apiTokenPorts.js';
import type { Repositories, Store, User } from '../store/ports.js';

/** Recognisable in logs and secret scanners; the rest is the random part. */
const TOKEN_PREFIX = 'kcj_';

export const hashApiToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface CreatedApiToken {
  apiToken: ApiToken;
  /** The token itself: shown this once, never stored. */
  token: string;
}

export async function createApiToken(
  ctx: UseCaseContext,
  props: { name: string; username: string },
): Promise<CreatedApiToken> {
  requireAdmin(ctx.actor, 'create API tokens');
  const problems = new Problems();
  const name = problems.text('name', props.name, 200);
  problems.text('username', props.username, 200);
  problems.check('The API token cannot be created.');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return ctx.store.transaction(async (tx) => {
    const user = await tx.users.getByUsername(props.username.trim());
    if (!user || !user.active) {
      problems.add('username', `no such active user: ${props.username}`);
      problems.check('The API token cannot be created.');
    }
    const actsAs = user as User;
    const apiToken = await changeAudited(ctx, tx, {
      action: 'api_token.created',
      objectType: 'api_token',
      change: async (now) => ({
        after: await tx.apiTokens.insert({
          name,
          userId: actsAs.id,
          tokenHash: hashApiToken(token),
          createdBy: ctx.actor.id,
          createdAt: now,
        }),
        details: { name, actsAs: actsAs.username },
      }),
    });
    return { apiToken, token };
  });
}

export async function listApiTokens(ctx: UseCaseContext): Promise<ApiToken[]> {
  requireAdmin(ctx.actor, 'see API tokens');
  return ctx.store.apiTokens.list();
}

/**
 * Revokes every token that acts as `user`, inside the caller's transaction, each audited
 * (`api_token.revoked` with the reason): a deactivated user's tokens must not work again when the
 * user is reactivated; an administrator makes new ones then. Returns how many were revoked.
 */
export async function revokeTokensOfUser(
  tx: Pick<Repositories, 'apiTokens' | 'audit'>,
  user: Pick<User, 'id' | 'username'>,
  by: Actor,
  at: Date,
  reason: string,
): Promise<number> {
  const live = (await tx.apiTokens.list()).filter((t) => t.userId === user.id && t.revokedAt === null);
  for (const token of live) {
    const revoked = await tx.apiTokens.revoke(token.id, by.id, at);
    await tx.audit.append({
      ...auditActor(by),
      occurredAt: at,
      action: 'api_token.revoked',
      objectType: 'api_token',
      objectId: revoked.id,
      details: { name: revoked.name, username: user.username, reason },
    });
  }
  return live.length;
}

/** Revoking is final: the token answers 401 from now on. Conflict when it already was revoked. */
export async function revokeApiToken(ctx: UseCaseContext, props: { id: string }): Promise<ApiToken> {
  requireAdmin(ctx.actor, 'revoke API tokens');
  return ctx.store.transaction((tx) =>
    changeAudited(ctx, tx, {
      action: 'api_token.revoked',
      objectType: 'api_token',
      change: async (now) => {
        const revoked = await tx.apiTokens.revoke(props.id, ctx.actor.id, now);
        return { after: revoked, details: { name: revoked.name } };
      },
    }),
  );
}

/**
 * The active user a presented token acts as, or null when the token is unknown, revoked, or its user
 * was deactivated. Each use is recorded as the token's last use.
 */
export async function userOfApiToken(store: Store, token: string, now: Date): Promise<User | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const found = await store.apiTokens.findActiveByHash(hashApiToken(token));
  if (!found) return null;
  const user = await store.users.get(found.userId);
  if (!user?.active) return null;
  await store.apiTokens.touch(found.id, now);
  return user;
}
