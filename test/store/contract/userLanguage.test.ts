/** The language a person chose in the pages' switch, kept on the user for their mails (0013). */
import { expect, it } from '@jest/globals';
import { Invalid, NotFound } from '../../../engine/errors.js';
import { aUser } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

describeEachPort("a person's chosen language", (subject) => {
  it('has none for a user created by an administrator or the directory until they choose', async () => {
    const local = await aUser(subject.store);
    const fromDirectory = await aUser(subject.store, { source: 'ldap' });

    expect(local.language).toBeNull();
    expect(fromDirectory.language).toBeNull();
    expect((await subject.store.users.getByUsername(local.username))?.language).toBeNull();
  });

  it('stores the choice, reads it back by every lookup, and forgets it on null', async () => {
    // given
    const user = await aUser(subject.store, { roles: ['executor'] });

    // when
    const chosen = await subject.store.users.setLanguage(user.id, 'en');

    // then
    expect(chosen).toMatchObject({ id: user.id, language: 'en', roles: ['executor'] });
    expect((await subject.store.users.get(user.id))?.language).toBe('en');
    expect((await subject.store.users.getByUsername(user.username))?.language).toBe('en');
    expect((await subject.store.users.list()).find((u) => u.id === user.id)?.language).toBe('en');
    expect(
      (await subject.store.users.answeringTo(['executor'], 1000)).find((u) => u.id === user.id),
    ).toMatchObject({ language: 'en' });
    expect((await subject.store.users.setLanguage(user.id, null)).language).toBeNull();
  });

  it('keeps the choice when the administrator or the directory changes the account', async () => {
    const user = await aUser(subject.store, { email: 'anna@novads.lv' });
    await subject.store.users.setLanguage(user.id, 'ru');

    await subject.store.users.update(user.id, { displayName: 'Anna Ozola' });
    await subject.store.userProfiles.update(user.id, {
      displayName: 'Anna Ozola',
      email: 'anna.ozola@novads.lv',
      departmentId: null,
    });
    await subject.store.users.setRoles(user.id, ['head']);

    expect((await subject.store.users.get(user.id))?.language).toBe('ru');
  });

  it('keeps the choice in a transaction only when it commits', async () => {
    const user = await aUser(subject.store);

    await expect(
      subject.store.transaction(async (tx) => {
        await tx.users.setLanguage(user.id, 'en');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');

    expect((await subject.store.users.get(user.id))?.language).toBeNull();
  });

  it('refuses what is no language code, and an unknown user', async () => {
    const user = await aUser(subject.store);

    await expect(subject.store.users.setLanguage(user.id, 'English')).rejects.toBeInstanceOf(Invalid);
    await expect(
      subject.store.users.setLanguage('00000000-0000-4000-8000-000000000000', 'en'),
    ).rejects.toBeInstanceOf(NotFound);
    expect((await subject.store.users.get(user.id))?.language).toBeNull();
  });
});
