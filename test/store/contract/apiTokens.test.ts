import { randomBytes } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../../engine/errors.js';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const aHash = () => randomBytes(32).toString('hex');
const at = (iso: string) => new Date(iso);

describeEachPort('API tokens', (subject) => {
  const newToken = async (tokenHash = aHash()) => {
    const user = await aUser(subject.store);
    const token = await subject.store.apiTokens.insert({
      name: 'e-adrese import',
      userId: user.id,
      tokenHash,
      createdBy: null,
      createdAt: at('2026-03-02T08:00:00Z'),
    });
    return { user, token, tokenHash };
  };

  it('stores a token and finds it by its hash while it is not revoked', async () => {
    const { user, token, tokenHash } = await newToken();

    expect(token).toEqual({
      id: expect.any(String),
      name: 'e-adrese import',
      userId: user.id,
      createdBy: null,
      createdAt: at('2026-03-02T08:00:00Z'),
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    });
    expect(await subject.store.apiTokens.findActiveByHash(tokenHash)).toEqual(token);
    expect(await subject.store.apiTokens.get(token.id)).toEqual(token);
    expect((await subject.store.apiTokens.list()).map((t) => t.id)).toContain(token.id);
  });

  it('never hands out the hash it keeps', async () => {
    const { token, tokenHash } = await newToken();

    const listed = await subject.store.apiTokens.list();
    expect(JSON.stringify(listed)).not.toContain(tokenHash);
    expect(JSON.stringify(await subject.store.apiTokens.get(token.id))).not.toContain(tokenHash);
  });

  it('refuses a second token with the same hash', async () => {
    const { tokenHash } = await newToken();

    await expect(newToken(tokenHash)).rejects.toBeInstanceOf(Conflict);
  });

  it('finds a revoked token no more, and refuses to revoke it twice', async () => {
    const { user, token, tokenHash } = await newToken();

    const revoked = await subject.store.apiTokens.revoke(token.id, user.id, at('2026-03-03T09:00:00Z'));

    expect(revoked).toMatchObject({ revokedAt: at('2026-03-03T09:00:00Z'), revokedBy: user.id });
    expect(await subject.store.apiTokens.findActiveByHash(tokenHash)).toBeNull();
    await expect(
      subject.store.apiTokens.revoke(token.id, null, at('2026-03-04T09:00:00Z')),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it('answers NotFound for revoking an unknown or malformed id, and null for getting one', async () => {
    await expect(
      subject.store.apiTokens.revoke(
        '00000000-0000-4000-8000-000000000000',
        null,
        at('2026-03-02T08:00:00Z'),
      ),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      subject.store.apiTokens.revoke('nope', null, at('2026-03-02T08:00:00Z')),
    ).rejects.toBeInstanceOf(NotFound);
    expect(await subject.store.apiTokens.get('nope')).toBeNull();
  });

  it('keeps the latest use only', async () => {
    const { token } = await newToken();

    await subject.store.apiTokens.touch(token.id, at('2026-03-05T10:00:00Z'));
    await subject.store.apiTokens.touch(token.id, at('2026-03-04T10:00:00Z'));

    expect((await subject.store.apiTokens.get(token.id))?.lastUsedAt).toEqual(at('2026-03-05T10:00:00Z'));
  });
});
