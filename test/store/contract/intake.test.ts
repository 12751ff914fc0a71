/** E-mail intake items and mailbox positions (issue 17, part 2), on every store. */
import { randomBytes } from 'node:crypto';
import { expect, it } from '@jest/globals';
import { Conflict, NotFound } from '../../../engine/errors.js';
import type { NewIntakeItem } from '../../../engine/store/intakePorts.js';
import { describeEachPort } from '../../support/testStores.js';
import { aRegister, aUser, uniqueCode } from '../../support/builders.js';

const at = (iso: string) => new Date(iso);

describeEachPort('e-mail intake', (subject) => {
  const anItem = (overrides: Partial<NewIntakeItem> = {}): NewIntakeItem => {
    const messageId = `<${uniqueCode('m')}@example.lv>`;
    return {
      mailbox: 'registry@mail.test:143/INBOX',
      uidValidity: 1_796_670_618,
      uid: Math.floor(Math.random() * 1_000_000_000),
      dedupeKey: messageId,
      messageId,
      fromAddress: 'janis@example.lv',
      fromName: 'Jānis Bērziņš',
      subject: 'Iesniegums',
      sentAt: at('2026-12-07T07:15:00Z'),
      receivedAt: at('2026-12-07T08:00:00Z'),
      bodyText: 'Labdien!',
      inReplyTo: null,
      references: [],
      emlSha256: randomBytes(32).toString('hex'),
      emlSize: 1234,
      attachments: [
        {
          fileName: 'a.pdf',
          sha256: randomBytes(32).toString('hex'),
          size: 10,
          contentType: 'application/pdf',
          textContent: null,
        },
      ],
      problems: [{ code: 'no_sender', message: 'The message names no sender.' }],
      correspondentId: null,
      ...overrides,
    };
  };

  it('keeps an item once per mailbox UID and once per dedupe key, and reads it back', async () => {
    const item = anItem();
    const kept = await subject.store.intake.insert(item);
    expect(kept).toEqual({
      ...item,
      id: expect.any(String),
      status: 'new',
      documentId: null,
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
      version: 1,
    });
    expect(await subject.store.intake.get(kept?.id ?? '')).toEqual(kept);
    expect(await subject.store.intake.get('nope')).toBeNull();
    // The same UID again, or the same Message-ID from another UID: nothing new.
    expect(await subject.store.intake.insert({ ...item, dedupeKey: 'other' })).toBeNull();
    expect(await subject.store.intake.insert({ ...item, uid: item.uid + 1 })).toBeNull();
    expect(await subject.store.intake.isTaken(item.mailbox, item.uidValidity, item.uid)).toBe(true);
    expect(await subject.store.intake.isTaken(item.mailbox, item.uidValidity, item.uid + 7)).toBe(false);
    expect(await subject.store.intake.isTaken(item.mailbox, 1, 1, item.dedupeKey)).toBe(true);
  });

  it('hands one of two concurrent inserts of one message the item and the other nothing', async () => {
    const item = anItem();
    const results = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        subject.store.transaction((tx) => tx.intake.insert({ ...item, uid: item.uid + i })),
      ),
    );
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  });

  it('leases a mailbox to one holder at a time and remembers how far it was read', async () => {
    const mailbox = uniqueCode('box');
    const now = at('2026-12-07T08:00:00Z');
    const later = at('2026-12-07T08:05:00Z');
    expect(await subject.store.intake.leaseMailbox(mailbox, 'a', now, later)).toEqual({
      mailbox,
      uidValidity: null,
      lastUid: 0,
    });
    expect(await subject.store.intake.leaseMailbox(mailbox, 'b', now, later)).toBeNull();
    expect(await subject.store.intake.leaseMailbox(mailbox, 'a', now, later)).not.toBeNull();
    // An expired lease goes to whoever asks.
    expect(
      await subject.store.intake.leaseMailbox(mailbox, 'b', later, at('2026-12-07T08:10:00Z')),
    ).not.toBeNull();
    await subject.store.intake.releaseMailbox(mailbox, 'a'); // not a's any more: nothing happens
    expect(await subject.store.intake.leaseMailbox(mailbox, 'a', later, later)).toBeNull();
    await subject.store.intake.releaseMailbox(mailbox, 'b');

    await subject.store.intake.advanceMailbox(mailbox, 7, 10, now);
    await subject.store.intake.advanceMailbox(mailbox, 7, 4, now); // never backwards
    expect(await subject.store.intake.leaseMailbox(mailbox, 'a', now, later)).toEqual({
      mailbox,
      uidValidity: 7,
      lastUid: 10,
    });
    await subject.store.intake.advanceMailbox(mailbox, 8, 2, now); // a new UIDVALIDITY starts over
    expect(await subject.store.intake.leaseMailbox(mailbox, 'a', now, later)).toMatchObject({
      uidValidity: 8,
      lastUid: 2,
    });
  });

  it('decides an item once, lists by status, and finds documents by Message-ID and number', async () => {
    const clerk = await aUser(subject.store, { roles: ['registrar'] });
    const register = await aRegister(subject.store);
    const number = `${uniqueCode('NR')}/2026`;
    const document = await subject.store.documents.insert({
      registerId: register.id,
      year: 2026,
      sequence: 1,
      registrationNumber: number,
      registeredOn: '2026-12-07',
      subject: 'Atbilde',
    });
    const item = (await subject.store.intake.insert(anItem()))!;
    const decision = {
      status: 'registered' as const,
      documentId: document.id,
      decidedBy: clerk.id,
      decidedAt: at('2026-12-07T09:00:00Z'),
      note: null,
    };
    const decided = await subject.store.intake.decide(item.id, item.version, decision);
    expect(decided).toMatchObject({
      status: 'registered',
      documentId: document.id,
      decidedBy: clerk.id,
      version: 2,
    });
    await expect(subject.store.intake.decide(item.id, decided.version, decision)).rejects.toThrow(Conflict);
    await expect(subject.store.intake.decide(item.id, 1, decision)).rejects.toThrow(Conflict);
    await expect(subject.store.intake.decide('nope', 1, decision)).rejects.toThrow(NotFound);

    const registered = await subject.store.intake.list({ status: 'registered', limit: 100, offset: 0 });
    expect(registered.items.map((i) => i.id)).toContain(item.id);
    expect(registered.total).toBe(registered.items.length);
    const fresh = await subject.store.intake.list({ status: 'new', limit: 100, offset: 0 });
    expect(fresh.items.map((i) => i.id)).not.toContain(item.id);

    expect(await subject.store.intake.documentIdsByMessageIds([item.messageId ?? '', '<x@y>'])).toEqual([
      document.id,
    ]);
    expect(await subject.store.intake.documentIdsByMessageIds([])).toEqual([]);
    expect(await subject.store.intake.documentIdsByNumbers([number, 'Re'])).toEqual([document.id]);
  });

  it('matches a correspondent card by e-mail, ignoring case', async () => {
    const email = `${uniqueCode('anna')}@Example.LV`;
    const card = await subject.store.correspondents.insert({ kind: 'person', name: 'Anna', email });
    expect(await subject.store.intake.correspondentIdsByEmail(email.toLowerCase())).toEqual([card.id]);
    expect(await subject.store.intake.correspondentIdsByEmail('nobody@example.lv')).toEqual([]);
  });
});
