import { expect, it } from '@jest/globals';
import { Conflict, Invalid, NotFound } from '../../../engine/errors.js';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const at = (iso: string) => new Date(iso);

describeEachPort('substitutions', (subject) => {
  const aSubstitution = async (dates = { fromDate: '2026-03-02', toDate: '2026-03-06' }) => {
    const principal = await aUser(subject.store, { roles: ['head'] });
    const deputy = await aUser(subject.store, { roles: ['executor'] });
    const substitution = await subject.store.substitutions.insert({
      principalId: principal.id,
      deputyId: deputy.id,
      ...dates,
      reason: 'atvaļinājums',
      createdBy: null,
      createdAt: at('2026-03-01T10:00:00Z'),
    });
    return { principal, deputy, substitution };
  };

  it('stores a substitution and lists it for the principal and for the deputy', async () => {
    const { principal, deputy, substitution } = await aSubstitution();

    expect(substitution).toEqual({
      id: expect.any(String),
      principalId: principal.id,
      deputyId: deputy.id,
      fromDate: '2026-03-02',
      toDate: '2026-03-06',
      reason: 'atvaļinājums',
      createdBy: null,
      createdAt: at('2026-03-01T10:00:00Z'),
      revokedAt: null,
      revokedBy: null,
    });
    expect(await subject.store.substitutions.get(substitution.id)).toEqual(substitution);
    expect(await subject.store.substitutions.list({ userId: principal.id })).toEqual([substitution]);
    expect(await subject.store.substitutions.list({ userId: deputy.id })).toEqual([substitution]);
    expect((await subject.store.substitutions.list()).map((s) => s.id)).toContain(substitution.id);
  });

  it('is active for the deputy from the first to the last day, both inclusive', async () => {
    const { deputy, substitution } = await aSubstitution();
    const active = (date: string) => subject.store.substitutions.activeForDeputy(deputy.id, date);

    expect(await active('2026-03-01')).toEqual([]);
    expect(await active('2026-03-02')).toEqual([substitution]);
    expect(await active('2026-03-06')).toEqual([substitution]);
    expect(await active('2026-03-07')).toEqual([]);
  });

  it('is active no more once revoked, and refuses a second revocation', async () => {
    const { deputy, substitution } = await aSubstitution();

    const revoked = await subject.store.substitutions.revoke(
      substitution.id,
      null,
      at('2026-03-03T09:00:00Z'),
    );

    expect(revoked.revokedAt).toEqual(at('2026-03-03T09:00:00Z'));
    expect(await subject.store.substitutions.activeForDeputy(deputy.id, '2026-03-04')).toEqual([]);
    await expect(
      subject.store.substitutions.revoke(substitution.id, null, at('2026-03-03T09:00:00Z')),
    ).rejects.toBeInstanceOf(Conflict);
    await expect(
      subject.store.substitutions.revoke('00000000-0000-4000-8000-000000000000', null, new Date()),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses dates in the wrong order and a person standing in for themselves', async () => {
    await expect(aSubstitution({ fromDate: '2026-03-06', toDate: '2026-03-02' })).rejects.toBeInstanceOf(
      Invalid,
    );
    const user = await aUser(subject.store);
    await expect(
      subject.store.substitutions.insert({
        principalId: user.id,
        deputyId: user.id,
        fromDate: '2026-03-02',
        toDate: '2026-03-02',
        reason: '',
        createdBy: null,
        createdAt: new Date(),
      }),
    ).rejects.toBeInstanceOf(Invalid);
  });
});
