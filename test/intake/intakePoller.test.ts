/**
 * E-mail intake against a real IMAP server (a private dovecot on loopback): messages with
 * attachments, replies, duplicates and broken ones are taken once each, across a restart and two
 * pollers; bad input becomes problems on kept items; a registrar registers one, attaches a reply
 * and sets one aside.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ImapConfig } from '../../engine/intake/intakeConfig.js';
import { mailboxKey } from '../../engine/intake/intakeConfig.js';
import {
  attachIntakeItem,
  getIntakeItem,
  listIntake,
  registerIntakeItem,
  setIntakeItemAside,
} from '../../engine/intake/intakeItems.js';
import { pollMailboxOnce, TAKEN_KEYWORD } from '../../engine/intake/pollMailbox.js';
import { startIntakePoller } from '../../engine/intake/startIntakePoller.js';
import type { IntakeItem } from '../../engine/store/intakePorts.js';
import type { Store } from '../../engine/store/ports.js';
import { aRecordsWorld, type RecordsWorld } from '../records/recordsWorld.js';
import { type Dovecot, dovecotSkipReason, startDovecot } from '../support/dovecot.js';
import { samplePdf } from '../support/samplePdf.js';
import { createTestStore, storeAdapters } from '../support/storeAdapters.js';
import { brokenMimeMessage, fakeExecutable, rawMessage } from './messages.js';

const MAX_ATTACHMENT = 64 * 1024;

async function allItems(store: Store): Promise<IntakeItem[]> {
  return (await store.intake.list({ limit: 1000, offset: 0 })).items;
}

if (dovecotSkipReason) {
  describe('e-mail intake', () => {
    // Deliberate: without dovecot (Debian package) these cannot run; the skip names why, never a pass.
    it.skip(`is not tested: ${dovecotSkipReason}`, () => {});
  });
} else {
  describe('e-mail intake from a private dovecot', () => {
    let dovecot: Dovecot;
    let opened: Awaited<ReturnType<typeof createTestStore>>;
    let store: Store;
    let world: RecordsWorld;
    let imap: ImapConfig;
    const poll = (overrides: Partial<Parameters<typeof pollMailboxOnce>[0]> = {}) =>
      pollMailboxOnce({ store, imap, clock: world.clock, maxAttachmentBytes: MAX_ATTACHMENT, ...overrides });

    beforeAll(async () => {
      dovecot = await startDovecot();
      // On the PostgreSQL server when there is one (two pollers then really run side by side).
      const adapter =
        storeAdapters.find((a) => a.name === 'postgres' && !a.skipReason) ?? (storeAdapters[0] as never);
      opened = await createTestStore(adapter, { poolSize: 8 });
      store = opened.store;
      world = await aRecordsWorld(store, '2026-12-07T08:00:00.000Z');
      imap = {
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        user: dovecot.user,
        password: dovecot.password,
        folder: 'INBOX',
        pollIntervalMs: 60_000,
        moveTo: null,
        allowUntrustedCertificate: false,
      };
    });
    afterAll(async () => {
      await opened?.dispose();
      await dovecot?.stop();
    });

    const pdf = () => samplePdf(['Iesniegums par koku ciršanu']);

    it('takes fifty messages once each across a restart and two pollers, and marks them on the server', async () => {
      const known = await store.correspondents.insert({
        kind: 'person',
        name: 'Jānis Bērziņš',
        email: 'Janis@Example.lv',
      });
      const file = await pdf();
      const first = Array.from({ length: 30 }, (_, i) =>
        rawMessage({
          subject: `Iesniegums ${i + 1}`,
          messageId: `<batch-${i + 1}@example.lv>`,
          files:
            i % 2 === 0 ? [{ name: `iesniegums-${i + 1}.pdf`, type: 'application/pdf', content: file }] : [],
        }),
      );
      // A message sent twice (the same Message-ID), and one without any Message-ID.
      first.push(rawMessage({ subject: 'Iesniegums 1 (atkārtoti)', messageId: '<batch-1@example.lv>' }));
      first.push(rawMessage({ subject: 'Bez identifikatora', messageId: null }));
      await dovecot.append(first);

      const one = await poll({ holder: 'server-a' });
      expect(one).toEqual({ taken: 31, duplicates: 1, withProblems: 0, skipped: false });
      const items = await allItems(store);
      expect(items).toHaveLength(31);
      const withPdf = items.find((item) => item.subject === 'Iesniegums 1');
      expect(withPdf).toMatchObject({
        fromAddress: 'janis@example.lv',
        fromName: 'Jānis Bērziņš',
        messageId: '<batch-1@example.lv>',
        correspondentId: known.id,
        status: 'new',
        problems: [],
        attachments: [
          expect.objectContaining({ fileName: 'iesniegums-1.pdf', contentType: 'application/pdf' }),
        ],
      });
      expect(withPdf?.bodyText).toContain('Lūdzu izskatīt');
      expect(withPdf?.emlSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(withPdf?.attachments[0]?.textContent).toContain('koku');
      expect(items.find((item) => item.messageId === null)?.dedupeKey).toMatch(/^sha256:[0-9a-f]{64}$/);

      // A restart: a new process (another lease holder) finds nothing new.
      expect(await poll({ holder: 'server-a-restarted' })).toEqual({
        taken: 0,
        duplicates: 0,
        withProblems: 0,
        skipped: false,
      });

      // Even when the server forgot its flags, the database remembers what was taken.
      const client = await dovecot.client();
      try {
        const lock = await client.getMailboxLock('INBOX');
        try {
          const flagged = await client.search({ keyword: TAKEN_KEYWORD }, { uid: true });
          expect(flagged).toHaveLength(32);
          await client.messageFlagsRemove('1:*', [TAKEN_KEYWORD], { uid: true });
        } finally {
          lock.release();
        }
      } finally {
        await client.logout();
      }
      expect((await poll({ holder: 'server-b' })).taken).toBe(0);

      // Two servers polling at once: each of the next eighteen messages is taken once.
      await dovecot.append(
        Array.from({ length: 18 }, (_, i) =>
          rawMessage({ subject: `Otrā partija ${i + 1}`, messageId: `<second-${i + 1}@example.lv>` }),
        ),
      );
      const [a, b] = await Promise.all([poll({ holder: 'server-a' }), poll({ holder: 'server-b' })]);
      expect((a?.taken ?? 0) + (b?.taken ?? 0)).toBe(18);
      expect(await allItems(store)).toHaveLength(49);
      const keys = (await allItems(store)).map((item) => item.dedupeKey);
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('takes a mailbox rebuilt with a new UIDVALIDITY without taking anything twice', async () => {
      // The same messages in another folder stand for a rebuilt mailbox: all are known by Message-ID
      // (or, without one, by the SHA-256 of their source).
      const before = (await allItems(store)).length;
      const client = await dovecot.client();
      try {
        await client.mailboxCreate('Rebuilt');
        const lock = await client.getMailboxLock('INBOX');
        try {
          await client.messageCopy('1:*', 'Rebuilt', { uid: true });
        } finally {
          lock.release();
        }
        // A rebuilt mailbox keeps no flags of ours.
        const rebuiltLock = await client.getMailboxLock('Rebuilt');
        try {
          await client.messageFlagsRemove('1:*', [TAKEN_KEYWORD], { uid: true });
        } finally {
          rebuiltLock.release();
        }
        await client.append(
          'Rebuilt',
          rawMessage({ subject: 'Jauns pēc pārbūves', messageId: '<after@example.lv>' }),
        );
      } finally {
        await client.logout();
      }
      const rebuilt = { ...imap, folder: 'Rebuilt' };
      const report = await pollMailboxOnce({
        store,
        imap: rebuilt,
        clock: world.clock,
        maxAttachmentBytes: MAX_ATTACHMENT,
      });
      expect(report).toMatchObject({ taken: 1, duplicates: 50 });
      expect(await allItems(store)).toHaveLength(before + 1);
    });

    it('skips a pass while another server holds the mailbox lease', async () => {
      const now = world.clock.now();
      expect(
        await store.intake.leaseMailbox(
          mailboxKey(imap),
          'someone-else',
          now,
          new Date(now.getTime() + 60_000),
        ),
      ).not.toBeNull();
      expect(await poll({ holder: 'server-a' })).toMatchObject({ skipped: true, taken: 0 });
      await store.intake.releaseMailbox(mailboxKey(imap), 'someone-else');
    });

    it('keeps bad messages as items with clear problems and goes on', async () => {
      const big = Buffer.alloc(MAX_ATTACHMENT * 2, 'a');
      await dovecot.append([
        rawMessage({ from: null, subject: 'Bez sūtītāja', messageId: '<nosender@example.lv>' }),
        brokenMimeMessage('<broken@example.lv>'),
        rawMessage({
          subject: 'Programma',
          messageId: '<exe@example.lv>',
          files: [
            { name: 'rekins.exe', type: 'application/octet-stream', content: fakeExecutable() },
            { name: 'liels.txt', type: 'text/plain', content: big },
          ],
        }),
        rawMessage({ subject: 'Ā'.repeat(10_000), messageId: '<long@example.lv>' }),
        rawMessage({ subject: 'Ar NUL', messageId: '<nul@example.lv>', text: 'pirms\u0000pēc' }),
        rawMessage({ subject: 'Labs pēc sliktajiem', messageId: '<good-after@example.lv>' }),
      ]);
      const report = await poll();
      expect(report).toMatchObject({ taken: 6, withProblems: 5 });
      const byId = async (messageId: string) =>
        (await allItems(store)).find((item) => item.messageId === messageId) as IntakeItem;
      const codes = async (messageId: string) => (await byId(messageId)).problems.map((p) => p.code);
      expect(await codes('<nosender@example.lv>')).toEqual(['no_sender']);
      expect(await codes('<broken@example.lv>')).toContain('malformed_mime');
      expect(await codes('<exe@example.lv>')).toEqual(['attachment_refused', 'attachment_too_large']);
      expect((await byId('<exe@example.lv>')).problems[0]?.fileName).toBe('rekins.exe');
      expect(await codes('<long@example.lv>')).toEqual(['subject_too_long']);
      expect((await byId('<long@example.lv>')).subject).toHaveLength(1000);
      expect(await codes('<nul@example.lv>')).toEqual(['control_characters']);
      expect((await byId('<nul@example.lv>')).bodyText).toContain('pirmspēc');
      expect(await codes('<good-after@example.lv>')).toEqual([]);
    });

    it('moves taken messages to a folder when IMAP_MOVE_TO is set', async () => {
      const moving = { ...imap, folder: 'Moving', moveTo: 'Taken' };
      const client = await dovecot.client();
      try {
        await client.mailboxCreate('Moving');
      } finally {
        await client.logout();
      }
      await dovecot.append(
        [rawMessage({ subject: 'Pārvietojams', messageId: '<move@example.lv>' })],
        'Moving',
      );
      const poller = startIntakePoller({
        store,
        imap: moving,
        clock: world.clock,
        maxAttachmentBytes: MAX_ATTACHMENT,
        intervalMs: 3_600_000,
      });
      try {
        const report = await poller.runOnce();
        expect(report.taken + report.duplicates).toBeGreaterThanOrEqual(0);
      } finally {
        await poller.stop();
      }
      const check = await dovecot.client();
      try {
        const moved = await check.status('Taken', { messages: true });
        const left = await check.status('Moving', { messages: true });
        expect({ moved: moved && moved.messages, left: left && left.messages }).toEqual({
          moved: 1,
          left: 0,
        });
      } finally {
        await check.logout();
      }
      expect((await allItems(store)).some((item) => item.messageId === '<move@example.lv>')).toBe(true);
    });

    it('lets a registrar register one, attach a reply to it and set one aside', async () => {
      const registrar = world.ctx(world.registrar);
      const original = await dovecot.append([
        rawMessage({
          subject: 'Par ielas apgaismojumu',
          messageId: '<light@example.lv>',
          files: [{ name: 'foto.pdf', type: 'application/pdf', content: await pdf() }],
        }),
      ]);
      void original;
      await poll();
      // The list shows the newest first, fifty a page.
      expect((await listIntake(registrar, { status: 'new' })).items.length).toBeLessThanOrEqual(50);
      const items = await allItems(store);
      const light = items.find((item) => item.messageId === '<light@example.lv>') as IntakeItem;

      const registered = await registerIntakeItem(registrar, {
        itemId: light.id,
        expectedVersion: light.version,
        registerId: world.incoming.id,
        subject: light.subject,
        correspondentId: light.correspondentId,
        channel: 'email',
      });
      expect(registered.attachments.map((a) => a.fileName).sort()).toEqual([
        'Par ielas apgaismojumu.eml',
        'foto.pdf',
      ]);
      expect((await store.intake.get(light.id))?.status).toBe('registered');
      // Registered once: the same item again is refused and consumes no number.
      await expect(
        registerIntakeItem(registrar, {
          itemId: light.id,
          expectedVersion: light.version,
          registerId: world.incoming.id,
          subject: light.subject,
        }),
      ).rejects.toThrow('already dealt with');

      await dovecot.append([
        rawMessage({
          subject: 'Re: Par ielas apgaismojumu',
          messageId: '<light-reply@example.lv>',
          inReplyTo: '<light@example.lv>',
        }),
        rawMessage({
          subject: `Papildinājums dokumentam ${registered.document.registrationNumber}.`,
          messageId: '<light-number@example.lv>',
        }),
        rawMessage({ subject: 'Reklāma', messageId: '<spam@example.lv>' }),
      ]);
      await poll();
      const fresh = (await allItems(store)).filter((item) => item.status === 'new');
      const reply = fresh.find((item) => item.messageId === '<light-reply@example.lv>') as IntakeItem;
      const byNumber = fresh.find((item) => item.messageId === '<light-number@example.lv>') as IntakeItem;
      const spam = fresh.find((item) => item.messageId === '<spam@example.lv>') as IntakeItem;

      const replyView = await getIntakeItem(registrar, reply.id);
      expect(replyView.suggestions).toEqual([
        expect.objectContaining({ id: registered.document.id, reason: 'reply' }),
      ]);
      expect((await getIntakeItem(registrar, byNumber.id)).suggestions).toEqual([
        expect.objectContaining({ id: registered.document.id, reason: 'number' }),
      ]);
      await attachIntakeItem(registrar, {
        itemId: reply.id,
        expectedVersion: reply.version,
        documentId: registered.document.id,
      });
      const attachments = await store.attachments.list(registered.document.id);
      expect(attachments.map((a) => a.fileName)).toContain('Re Par ielas apgaismojumu.eml');

      const aside = await setIntakeItemAside(registrar, {
        itemId: spam.id,
        expectedVersion: spam.version,
        note: 'Reklāma, nav reģistrējama',
      });
      expect(aside).toMatchObject({ status: 'set_aside', decisionNote: 'Reklāma, nav reģistrējama' });
      const trail = await store.audit.list({ objectType: 'intake_item', objectId: spam.id });
      expect(trail.map((event) => event.action)).toEqual(['intake.received', 'intake.set_aside']);

      // Only registrars work with intake.
      await expect(listIntake(world.ctx(world.executor))).rejects.toThrow('Only a registrar');
    });
  });
}
