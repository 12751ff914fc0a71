/**
 * Intake mailboxes configured by an administrator, against a private dovecot: each active one is
 * read besides (or without) IMAP_URL's, its messages taken once each though two pollers run side by
 * side; a mailbox no longer read is left alone; the password is never listed back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../engine/context.js';
import {
  addIntakeAccount,
  listIntakeAccounts,
  setIntakeAccountActive,
} from '../../engine/intake/intakeAccounts.js';
import { startIntakePoller } from '../../engine/intake/startIntakePoller.js';
import { Forbidden, Invalid } from '../../engine/errors.js';
import type { Store } from '../../engine/store/ports.js';
import { aRecordsWorld, type RecordsWorld } from '../records/recordsWorld.js';
import { type Dovecot, dovecotSkipReason, startDovecot } from '../support/dovecot.js';
import { createTestStore, storeAdapters } from '../support/storeAdapters.js';
import { rawMessage } from './messages.js';

if (dovecotSkipReason) {
  describe('intake mailboxes', () => {
    // Deliberate: without dovecot (Debian package) these cannot run; the skip names why, never a pass.
    it.skip(`is not tested: ${dovecotSkipReason}`, () => {});
  });
} else {
  describe('intake mailboxes configured by an administrator', () => {
    let dovecot: Dovecot;
    let opened: Awaited<ReturnType<typeof createTestStore>>;
    let store: Store;
    let world: RecordsWorld;
    let admin: Actor;

    beforeAll(async () => {
      dovecot = await startDovecot();
      const adapter =
        storeAdapters.find((a) => a.name === 'postgres' && !a.skipReason) ?? (storeAdapters[0] as never);
      opened = await createTestStore(adapter, { poolSize: 8 });
      store = opened.store;
      world = await aRecordsWorld(store, '2026-12-07T08:00:00.000Z');
      admin = { ...world.registrar, roles: ['admin'] };
      const client = await dovecot.client();
      for (const folder of ['Iesniegumi', 'Portals']) await client.mailboxCreate(folder);
      await client.logout();
    });
    afterAll(async () => {
      await opened?.dispose();
      await dovecot?.stop();
    });

    const mailbox = (folder: string) => ({
      address: `${folder.toLowerCase()}@novads.test`,
      host: dovecot.host,
      port: String(dovecot.port),
      security: 'imap',
      user: dovecot.user,
      password: dovecot.password,
      folder,
      moveTo: '',
    });

    /** Two pollers, as two servers run them, each a few passes, side by side. */
    const twoServersRead = async (passes: number) => {
      const pollers = [0, 1].map(() =>
        startIntakePoller({
          store,
          imap: null,
          clock: world.clock,
          maxAttachmentBytes: 64 * 1024,
          intervalMs: 50,
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, passes * 400));
      await Promise.all(pollers.map((poller) => poller.stop()));
    };

    it('reads every active mailbox once across two pollers, and leaves a stopped one alone', async () => {
      // given: two mailboxes added by the administrator, one of them then stopped
      const requests = await addIntakeAccount(world.ctx(admin), mailbox('Iesniegumi'));
      const portal = await addIntakeAccount(world.ctx(admin), mailbox('Portals'));
      await setIntakeAccountActive(world.ctx(admin), { id: portal.id, active: false });
      await dovecot.append(
        Array.from({ length: 6 }, (_, i) =>
          rawMessage({ subject: `Iesniegums ${i + 1}`, messageId: `<req-${i}@x.lv>` }),
        ),
        'Iesniegumi',
      );
      await dovecot.append(
        [rawMessage({ subject: 'Portāla vēstule', messageId: '<portal@x.lv>' })],
        'Portals',
      );

      // when
      await twoServersRead(4);
      const afterFirst = (await store.intake.list({ limit: 100, offset: 0 })).items;
      await setIntakeAccountActive(world.ctx(admin), { id: portal.id, active: true });
      await twoServersRead(4);
      const afterSecond = (await store.intake.list({ limit: 100, offset: 0 })).items;

      // then
      expect(afterFirst.map((item) => item.subject).sort()).toEqual(
        Array.from({ length: 6 }, (_, i) => `Iesniegums ${i + 1}`),
      );
      expect(new Set(afterFirst.map((item) => item.mailbox))).toEqual(
        new Set([`${dovecot.user}@${dovecot.host}:${dovecot.port}/Iesniegumi`]),
      );
      expect(afterSecond).toHaveLength(7);
      expect(afterSecond.filter((item) => item.subject === 'Portāla vēstule')).toHaveLength(1);
      expect(requests.active).toBe(true);
    });

    it('never lists a password back, and takes only what it can read, from administrators only', async () => {
      // when
      const listed = await listIntakeAccounts(world.ctx(admin));
      const refused = await addIntakeAccount(world.ctx(admin), {
        ...mailbox('INBOX'),
        address: 'nav adrese',
        port: '70000',
        password: '',
        moveTo: 'INBOX',
      }).catch((error: unknown) => error);
      const notAdmin = await listIntakeAccounts(world.ctx(world.registrar)).catch((error: unknown) => error);

      // then
      expect(JSON.stringify(listed)).not.toContain(dovecot.password);
      expect(listed.map((account) => account.folder)).toEqual(['Iesniegumi', 'Portals']);
      expect(refused).toBeInstanceOf(Invalid);
      expect((refused as Invalid).problems.map((problem) => problem.field)).toEqual([
        'address',
        'port',
        'password',
        'moveTo',
      ]);
      expect(notAdmin).toBeInstanceOf(Forbidden);
    });
  });
}
