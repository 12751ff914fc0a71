/** Guest invitations and their one-time sign-in tokens (issue 18), on every store. */
import { randomBytes } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../../engine/errors.js';
import { describeEachPort } from '../../support/testStores.js';
import { aGuestWorld } from '../../guests/guestWorld.js';

const aHash = () => randomBytes(32).toString('hex');
const at = (iso: string) => new Date(iso);

describeEachPort('guest invitations', (subject) => {
  const anInvitation = async () => {
    const world = await aGuestWorld(subject.store);
    const invitation = await subject.store.guestInvitations.insert({
      documentId: world.documentId,
      taskId: world.task.id,
      inviterId: world.head.id ?? '',
      guestName: 'Ieva Kalniņa',
      guestEmail: 'ieva@vid.gov.lv',
      purpose: 'endorse',
      expiresAt: at('2026-03-10T22:00:00Z'),
      createdAt: at('2026-03-02T08:00:00Z'),
    });
    return { world, invitation };
  };

  it('stores an invitation, gets it and lists it by its task', async () => {
    const { world, invitation } = await anInvitation();

    expect(invitation).toEqual({
      id: expect.any(String),
      documentId: world.documentId,
      taskId: world.task.id,
      inviterId: world.head.id,
      guestName: 'Ieva Kalniņa',
      guestEmail: 'ieva@vid.gov.lv',
      purpose: 'endorse',
      expiresAt: at('2026-03-10T22:00:00Z'),
      revokedAt: null,
      revokedBy: null,
      createdAt: at('2026-03-02T08:00:00Z'),
    });
    expect(await subject.store.guestInvitations.get(invitation.id)).toEqual(invitation);
    expect(await subject.store.guestInvitations.listByTask(world.task.id)).toEqual([invitation]);
    expect(await subject.store.guestInvitations.get('nope')).toBeNull();
    expect(await subject.store.guestInvitations.listByTask('nope')).toEqual([]);
  });

  it('uses a token once, and tells an unknown, a used and an expired one apart', async () => {
    const { invitation } = await anInvitation();
    const tokenHash = aHash();
    const stale = aHash();
    await subject.store.guestInvitations.insertToken({
      invitationId: invitation.id,
      tokenHash,
      createdAt: at('2026-03-02T08:00:00Z'),
      expiresAt: at('2026-03-05T08:00:00Z'),
    });
    await subject.store.guestInvitations.insertToken({
      invitationId: invitation.id,
      tokenHash: stale,
      createdAt: at('2026-03-02T08:00:00Z'),
      expiresAt: at('2026-03-03T08:00:00Z'),
    });

    const uses = await Promise.all([
      subject.store.guestInvitations.useToken(tokenHash, at('2026-03-04T08:00:00Z')),
      subject.store.guestInvitations.useToken(tokenHash, at('2026-03-04T08:00:00Z')),
    ]);

    expect(uses.map((use) => use.outcome).sort()).toEqual(['used', 'used_now']);
    expect(uses.find((use) => use.outcome === 'used_now')).toEqual({
      outcome: 'used_now',
      invitationId: invitation.id,
    });
    expect(await subject.store.guestInvitations.useToken(stale, at('2026-03-04T08:00:00Z'))).toEqual({
      outcome: 'expired',
    });
    expect(await subject.store.guestInvitations.useToken(aHash(), at('2026-03-04T08:00:00Z'))).toEqual({
      outcome: 'unknown',
    });
  });

  it('refuses a second token with the same hash', async () => {
    const { invitation } = await anInvitation();
    const token = {
      invitationId: invitation.id,
      tokenHash: aHash(),
      createdAt: at('2026-03-02T08:00:00Z'),
      expiresAt: at('2026-03-05T08:00:00Z'),
    };
    await subject.store.guestInvitations.insertToken(token);

    await expect(subject.store.guestInvitations.insertToken(token)).rejects.toBeInstanceOf(Conflict);
  });

  it('revokes once: Conflict the second time, NotFound for an unknown id', async () => {
    const { world, invitation } = await anInvitation();

    const revoked = await subject.store.guestInvitations.revoke(
      invitation.id,
      world.head.id ?? '',
      at('2026-03-03T09:00:00Z'),
    );

    expect(revoked).toMatchObject({ revokedAt: at('2026-03-03T09:00:00Z'), revokedBy: world.head.id });
    await expect(
      subject.store.guestInvitations.revoke(invitation.id, world.head.id ?? '', at('2026-03-04T09:00:00Z')),
    ).rejects.toBeInstanceOf(Conflict);
    await expect(
      subject.store.guestInvitations.revoke(
        '00000000-0000-4000-8000-000000000000',
        world.head.id ?? '',
        at('2026-03-04T09:00:00Z'),
      ),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('never hands out a token hash', async () => {
    const { world, invitation } = await anInvitation();
    const tokenHash = aHash();
    await subject.store.guestInvitations.insertToken({
      invitationId: invitation.id,
      tokenHash,
      createdAt: at('2026-03-02T08:00:00Z'),
      expiresAt: at('2026-03-05T08:00:00Z'),
    });

    expect(JSON.stringify(await subject.store.guestInvitations.listByTask(world.task.id))).not.toContain(
      tokenHash,
    );
  });
});
