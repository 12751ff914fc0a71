/** People of an OpenID provider, known by its issuer and their subject, not by a username (0023). */
import { expect, it } from '@jest/globals';
import { Conflict, Invalid } from '../../../engine/errors.js';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const ISSUER = 'https://login.example.lv/realms/novads';

describeEachPort('users of an OpenID provider', (subject) => {
  it('finds an account by issuer and subject, whatever its username', async () => {
    const user = await aUser(subject.store, {
      source: 'oidc',
      username: 'anna.oidc@novads.lv',
      externalIdentity: { issuer: ISSUER, subject: 'sub-anna' },
    });

    expect(user.source).toBe('oidc');
    expect(await subject.store.users.getByExternalIdentity({ issuer: ISSUER, subject: 'sub-anna' })).toEqual(
      user,
    );
    expect(
      await subject.store.users.getByExternalIdentity({ issuer: `${ISSUER}-other`, subject: 'sub-anna' }),
    ).toBeNull();
    expect(
      await subject.store.users.getByExternalIdentity({ issuer: ISSUER, subject: 'sub-ANNA' }),
    ).toBeNull();
  });

  it('finds nobody for a local or directory account of any name', async () => {
    await aUser(subject.store, { username: 'sub-local' });
    await aUser(subject.store, { username: 'sub-ldap', source: 'ldap' });

    expect(
      await subject.store.users.getByExternalIdentity({ issuer: ISSUER, subject: 'sub-local' }),
    ).toBeNull();
    expect(
      await subject.store.users.getByExternalIdentity({ issuer: ISSUER, subject: 'sub-ldap' }),
    ).toBeNull();
  });

  it('refuses a second account for the same issuer and subject', async () => {
    const identity = { issuer: ISSUER, subject: 'sub-twice' };
    await aUser(subject.store, { source: 'oidc', externalIdentity: identity });

    await expect(aUser(subject.store, { source: 'oidc', externalIdentity: identity })).rejects.toBeInstanceOf(
      Conflict,
    );
  });

  it('refuses an OpenID account without an identity, and an identity on a local account', async () => {
    await expect(aUser(subject.store, { source: 'oidc' })).rejects.toBeInstanceOf(Invalid);
    await expect(
      aUser(subject.store, { source: 'local', externalIdentity: { issuer: ISSUER, subject: 'sub-local-2' } }),
    ).rejects.toBeInstanceOf(Invalid);
  });
});
