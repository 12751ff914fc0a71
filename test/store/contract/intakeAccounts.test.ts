/** Intake mailboxes an administrator configured (issue 17, part 2), on every store. */
import { expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../../engine/errors.js';
import type { NewIntakeAccount } from '../../../engine/store/intakeAccountPorts.js';
import { uniqueCode } from '../../support/builders.js';
import { describeEachPort } from '../../support/testStores.js';

const at = (iso: string) => new Date(iso);

describeEachPort('intake mailboxes', (subject) => {
  const aMailbox = (overrides: Partial<NewIntakeAccount> = {}): NewIntakeAccount => ({
    address: 'registry@novads.test',
    host: 'mail.novads.test',
    port: 993,
    secure: true,
    user: uniqueCode('registry'),
    password: 'Pasts-parole-1',
    folder: 'INBOX',
    moveTo: null,
    ...overrides,
  });

  it('keeps a mailbox, lists it without its password, and gives the password to the poller only', async () => {
    // given
    const mailbox = aMailbox({ moveTo: 'Kanceleja' });

    // when
    const added = await subject.store.intakeAccounts.insert(mailbox, at('2026-12-08T08:00:00Z'));
    const listed = (await subject.store.intakeAccounts.list()).find((account) => account.id === added.id);
    const polled = (await subject.store.intakeAccounts.activeWithPasswords()).find(
      (account) => account.id === added.id,
    );

    // then
    expect(listed).toEqual({
      id: added.id,
      address: 'registry@novads.test',
      host: 'mail.novads.test',
      port: 993,
      secure: true,
      user: mailbox.user,
      folder: 'INBOX',
      moveTo: 'Kanceleja',
      active: true,
      createdAt: at('2026-12-08T08:00:00Z'),
      updatedAt: at('2026-12-08T08:00:00Z'),
    });
    expect(JSON.stringify(listed)).not.toContain('Pasts-parole-1');
    expect(polled?.password).toBe('Pasts-parole-1');
  });

  it('stops and resumes reading a mailbox, refuses the same one twice and an unknown id', async () => {
    // given
    const mailbox = aMailbox();
    const added = await subject.store.intakeAccounts.insert(mailbox, at('2026-12-08T08:00:00Z'));

    // when
    const stopped = await subject.store.intakeAccounts.setActive(added.id, false, at('2026-12-08T09:00:00Z'));
    const polledWhileStopped = await subject.store.intakeAccounts.activeWithPasswords();
    const resumed = await subject.store.intakeAccounts.setActive(added.id, true, at('2026-12-08T10:00:00Z'));

    // then
    expect(stopped).toMatchObject({ active: false, updatedAt: at('2026-12-08T09:00:00Z') });
    expect(polledWhileStopped.map((account) => account.id)).not.toContain(added.id);
    expect(resumed.active).toBe(true);
    await expect(
      subject.store.intakeAccounts.insert(mailbox, at('2026-12-08T11:00:00Z')),
    ).rejects.toBeInstanceOf(Conflict);
    await expect(
      subject.store.intakeAccounts.setActive(
        '00000000-0000-4000-8000-000000000000',
        false,
        at('2026-12-08T11:00:00Z'),
      ),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      subject.store.intakeAccounts.setActive('not-an-id', false, at('2026-12-08T11:00:00Z')),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
