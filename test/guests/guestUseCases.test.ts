/**
 * Guests from other institutions (issue 18), through the use cases: a head who holds a task invites
 * an outside person; the link signs them in once; they see only that document, answer into its
 * thread, and the head is told; revoked or expired, the invitation opens nothing.
 */
import { expect, it } from '@jest/globals';
import { actorFromUser } from '../../engine/context.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../engine/errors.js';
import {
  answerAsGuest,
  guestView,
  openGuestAttachment,
  signInAsGuest,
} from '../../engine/guests/guestAccess.js';
import {
  inviteGuest,
  listGuestInvitations,
  resendGuestLink,
  revokeGuestInvitation,
} from '../../engine/guests/guestInvitations.js';
import { uniqueCode } from '../support/builders.js';
import { describeEachStore } from '../support/testStores.js';
import { HOUR } from '../support/workflow.js';
import { aGuestWorld, PUBLIC_URL } from './guestWorld.js';

describeEachStore('guest invitations', (subject) => {
  const email = () => `${uniqueCode('guest').toLowerCase()}@vid.gov.lv`;

  /** The tokens of the links mailed to `to`. */
  async function mailedTokens(to: string): Promise<string[]> {
    const mails = (await subject.store.mailOutbox.list({ limit: 500 })).filter((m) => m.recipient === to);
    return mails.map((mail) => /\/guest\/link\/([A-Za-z0-9_-]+)/.exec(mail.body)?.[1] ?? '').filter(Boolean);
  }

  async function invited(purpose: 'comment' | 'endorse' = 'comment') {
    const world = await aGuestWorld(subject.store);
    const guestEmail = email();
    const invitation = await inviteGuest(world.headCtx, {
      taskId: world.task.id,
      guestName: 'Ieva Kalniņa',
      guestEmail,
      purpose,
      validUntil: '2026-03-12',
      language: 'en',
    });
    const guest = { store: subject.store, clock: world.clock, settings: world.headCtx.settings };
    return { world, invitation, guestEmail, guest };
  }

  it('invites a guest to the task the head holds, mails a one-time link and audits both', async () => {
    const { world, invitation, guestEmail } = await invited();

    expect(invitation).toMatchObject({
      documentId: world.documentId,
      taskId: world.task.id,
      inviterId: world.head.id,
      guestEmail,
      purpose: 'comment',
      // To the end of 12 March in Riga.
      expiresAt: new Date('2026-03-12T22:00:00.000Z'),
    });
    const [mail] = (await subject.store.mailOutbox.list({ limit: 500 })).filter(
      (m) => m.recipient === guestEmail,
    );
    expect(mail?.subject).toMatch(/^Invitation: /);
    expect(mail?.body).toContain(`${PUBLIC_URL}/guest/link/`);
    const actions = (
      await subject.store.audit.list({ objectType: 'document', objectId: world.documentId })
    ).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['document.guest_invited', 'document.guest_link_sent']));
    expect(await listGuestInvitations(world.headCtx, world.task.id)).toEqual([
      expect.objectContaining({ id: invitation.id, state: 'active', mayManage: true }),
    ]);
  });

  it('refuses whoever does not hold the task, bad fields, a validity beyond 30 days, no PUBLIC_URL', async () => {
    const world = await aGuestWorld(subject.store);
    const props = {
      taskId: world.task.id,
      guestName: 'Ieva',
      guestEmail: email(),
      purpose: 'comment',
      validUntil: '2026-03-10',
    };
    const otherHead = actorFromUser(
      await subject.store.users.insert({
        username: uniqueCode('head'),
        displayName: 'Cits vadītājs',
        roles: ['head'],
        departmentId: world.registryId,
        source: 'local',
      }),
    );

    await expect(inviteGuest({ ...world.headCtx, actor: otherHead }, props)).rejects.toBeInstanceOf(
      Forbidden,
    );
    await expect(inviteGuest({ ...world.headCtx, actor: world.executor }, props)).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(
      inviteGuest(world.headCtx, { ...props, guestName: ' ', guestEmail: 'not-mail', purpose: 'watch' }),
    ).rejects.toMatchObject({
      problems: [
        { field: 'guestName', message: 'is required' },
        { field: 'guestEmail', message: 'is not an e-mail address' },
        { field: 'purpose', message: 'must be one of comment, endorse' },
      ],
    });
    await expect(inviteGuest(world.headCtx, { ...props, validUntil: '2026-04-02' })).rejects.toMatchObject({
      problems: [{ field: 'validUntil', message: 'may be at most 30 days from today' }],
    });
    await expect(inviteGuest(world.headCtx, { ...props, validUntil: '2026-03-01' })).rejects.toBeInstanceOf(
      Invalid,
    );
    await expect(inviteGuest({ ...world.headCtx, settings: undefined }, props)).rejects.toBeInstanceOf(
      Conflict,
    );
    expect(await subject.store.guestInvitations.listByTask(world.task.id)).toEqual([]);
  });

  it('signs in once per link: used, unknown and expired links are refused with a clear message', async () => {
    const { world, invitation, guestEmail, guest } = await invited();
    const [token = ''] = await mailedTokens(guestEmail);

    expect((await signInAsGuest(guest, token)).id).toBe(invitation.id);
    await expect(signInAsGuest(guest, token)).rejects.toThrow('This sign-in link was used already');
    await expect(signInAsGuest(guest, 'x'.repeat(43))).rejects.toThrow('This sign-in link is not known.');
    await expect(signInAsGuest(guest, '')).rejects.toThrow('This sign-in link is not known.');

    await resendGuestLink(world.headCtx, { invitationId: invitation.id });
    const second = (await mailedTokens(guestEmail)).find((one) => one !== token) ?? '';
    world.clock.advance(73 * HOUR);
    await expect(signInAsGuest(guest, second)).rejects.toThrow('This sign-in link has expired');
  });

  it('shows the guest only the invited document: another document id is not found', async () => {
    const { world, invitation, guest } = await invited();
    const other = await aGuestWorld(subject.store, 'Cits dokuments');

    const view = await guestView(guest, { invitationId: invitation.id, documentId: world.documentId });

    expect(view.document).toMatchObject({ id: world.documentId, subject: 'Par ceļa remontu' });
    expect(view.task).toMatchObject({ id: world.task.id, open: true });
    expect(JSON.stringify(view)).not.toContain('correspondent');
    await expect(
      guestView(guest, { invitationId: invitation.id, documentId: other.documentId }),
    ).rejects.toBeInstanceOf(NotFound);
    await expect(
      openGuestAttachment(guest, {
        invitationId: invitation.id,
        documentId: world.documentId,
        attachmentId: '00000000-0000-4000-8000-000000000000',
      }),
    ).rejects.toBeInstanceOf(NotFound);
  });

  it("puts the guest's comment into the document's thread and tells the inviter", async () => {
    const { world, invitation, guest } = await invited();

    await answerAsGuest(guest, {
      invitationId: invitation.id,
      documentId: world.documentId,
      body: 'Ceļa posms ir valsts pārziņā.',
    });

    const thread = await subject.store.taskComments.listByDocument(world.documentId);
    expect(thread).toEqual([
      expect.objectContaining({
        kind: 'guest_comment',
        authorId: null,
        authorName: `Ieva Kalniņa <${invitation.guestEmail}>`,
        body: 'Ceļa posms ir valsts pārziņā.',
        taskId: world.task.id,
      }),
    ]);
    const told = (await subject.store.notifications.listFor(world.head.id ?? '')).find(
      (n) => n.kind === 'message',
    );
    expect(told).toMatchObject({ kind: 'message', taskId: world.task.id, documentId: world.documentId });
    expect(told?.params.text).toBe('Ceļa posms ir valsts pārziņā.');
    const commented = (
      await subject.store.audit.list({ objectType: 'document', objectId: world.documentId })
    ).find((event) => event.action === 'document.guest_commented');
    expect(commented).toMatchObject({ actorId: null, actorName: `guest:${invitation.guestEmail}` });
    expect(
      (await guestView(guest, { invitationId: invitation.id, documentId: world.documentId })).answers,
    ).toEqual([expect.objectContaining({ kind: 'guest_comment' })]);
  });

  it('takes an endorsement: a decision, and a reason when disagreeing', async () => {
    const { world, invitation, guest } = await invited('endorse');
    const answer = { invitationId: invitation.id, documentId: world.documentId };

    await expect(answerAsGuest(guest, { ...answer, body: 'Labi' })).rejects.toMatchObject({
      problems: [{ field: 'decision', message: 'must be one of agree, disagree' }],
    });
    await expect(answerAsGuest(guest, { ...answer, decision: 'disagree', body: ' ' })).rejects.toMatchObject({
      problems: [{ field: 'body', message: 'is required' }],
    });
    expect(await answerAsGuest(guest, { ...answer, decision: 'agree', body: '' })).toEqual({
      kind: 'guest_agreed',
    });
    expect(await answerAsGuest(guest, { ...answer, decision: 'disagree', body: 'Trūkst tāmes.' })).toEqual({
      kind: 'guest_disagreed',
    });
  });

  it('is revoked by the inviter or an administrator only; a revoked or expired invitation opens nothing', async () => {
    const { world, invitation, guestEmail, guest } = await invited();
    const [token = ''] = await mailedTokens(guestEmail);
    const admin = actorFromUser(
      await subject.store.users.insert({
        username: uniqueCode('admin'),
        displayName: 'Admin',
        roles: ['admin'],
        departmentId: null,
        source: 'local',
      }),
    );

    await expect(
      revokeGuestInvitation({ ...world.headCtx, actor: world.registrar }, { invitationId: invitation.id }),
    ).rejects.toBeInstanceOf(Forbidden);
    await revokeGuestInvitation({ ...world.headCtx, actor: admin }, { invitationId: invitation.id });

    await expect(signInAsGuest(guest, token)).rejects.toThrow('The invitation was revoked.');
    await expect(
      guestView(guest, { invitationId: invitation.id, documentId: world.documentId }),
    ).rejects.toThrow('The invitation was revoked.');
    await expect(
      answerAsGuest(guest, { invitationId: invitation.id, documentId: world.documentId, body: 'Vēl' }),
    ).rejects.toBeInstanceOf(Forbidden);
    await expect(resendGuestLink(world.headCtx, { invitationId: invitation.id })).rejects.toBeInstanceOf(
      Conflict,
    );

    const later = await invited();
    later.world.clock.set('2026-03-13T00:00:00.000Z');
    await expect(
      guestView(later.guest, { invitationId: later.invitation.id, documentId: later.world.documentId }),
    ).rejects.toThrow('The invitation has expired.');
  });
});
