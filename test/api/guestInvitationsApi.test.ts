/**
 * Guest invitations over the JSON API, as an integration would use them: the head who holds a task
 * invites, lists, sends a new link and revokes; the mail (never the API answer) carries the link; the
 * same rules as the task page's panel (only that head invites; only the inviter or an administrator
 * changes an invitation; a revoked one takes no new link), each refusal changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_SETTINGS } from '../../engine/context.js';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface Invitation {
  id: string;
  taskId: string;
  documentId: string;
  guestEmail: string;
  purpose: string;
  expiresAt: string;
  revokedAt: string | null;
  state?: string;
  mayManage?: boolean;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('guest invitations over the API', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld({
      settings: { ...DEFAULT_SETTINGS, publicUrl: 'https://dokumenti.novads.lv' },
    });
  });
  afterAll(async () => {
    await world.close();
  });

  /** A registered letter whose resolution task the head has claimed. */
  async function headTask(subject: string): Promise<{ documentId: string; taskId: string }> {
    const registrar = await world.as('registrar');
    const head = await world.as('head');
    const { id: documentId } = await body<{ id: string }>(
      await registrar.post('/api/documents', { register: 'IEN', subject }),
    );
    const task = (
      await body<{ id: string; businessKey: string | null }[]>(await head.get('/api/tasks?scope=department'))
    ).find((one) => one.businessKey === documentId);
    if (!task) throw new Error('no resolution task');
    expect((await head.post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
    return { documentId, taskId: task.id };
  }

  const outboxTo = async (address: string) =>
    (
      await world.db.query<{ recipient: string; body: string }>(
        'SELECT recipient, body FROM mail_outbox WHERE recipient = $1',
        [address],
      )
    ).length;

  it('invites, lists, sends a new link and revokes, the link only in the mail', async () => {
    const { documentId, taskId } = await headTask('Par ielu apgaismojumu');
    const head = await world.as('head');

    const invited = await head.post(`/api/tasks/${taskId}/guests`, {
      guestName: 'Ieva Kalniņa',
      guestEmail: 'Ieva@VID.gov.lv',
      purpose: 'endorse',
      validUntil: inDays(7),
      language: 'en',
    });

    expect(invited.status).toBe(201);
    const invitation = await body<Invitation>(invited);
    expect(invitation).toMatchObject({
      taskId,
      documentId,
      guestEmail: 'ieva@vid.gov.lv',
      purpose: 'endorse',
    });
    expect(JSON.stringify(invitation)).not.toMatch(/token|link/i);
    expect(await outboxTo('ieva@vid.gov.lv')).toBe(1);

    const listed = await body<Invitation[]>(await head.get(`/api/tasks/${taskId}/guests`));
    expect(listed).toEqual([
      expect.objectContaining({ id: invitation.id, state: 'active', mayManage: true }),
    ]);

    const resent = await head.post(`/api/tasks/${taskId}/guests/${invitation.id}/resend`, {});
    expect(resent.status).toBe(200);
    expect(await outboxTo('ieva@vid.gov.lv')).toBe(2);

    const revoked = await head.post(`/api/tasks/${taskId}/guests/${invitation.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect((await body<Invitation>(revoked)).revokedAt).not.toBeNull();
    expect((await head.post(`/api/tasks/${taskId}/guests/${invitation.id}/revoke`)).status).toBe(409);
    expect((await head.post(`/api/tasks/${taskId}/guests/${invitation.id}/resend`, {})).status).toBe(409);
    expect(await outboxTo('ieva@vid.gov.lv')).toBe(2);
    expect(await body<Invitation[]>(await head.get(`/api/tasks/${taskId}/guests`))).toEqual([
      expect.objectContaining({ id: invitation.id, state: 'revoked' }),
    ]);

    const audited = (await world.store.audit.list({ limit: 100_000 }))
      .filter((event) => event.objectId === documentId)
      .map((event) => event.action);
    expect(audited).toEqual(
      expect.arrayContaining([
        'document.guest_invited',
        'document.guest_link_sent',
        'document.guest_revoked',
      ]),
    );
  });

  it('refuses bad input with the fields named, and invites nobody', async () => {
    const { taskId } = await headTask('Par koku ciršanu');
    const head = await world.as('head');

    const refused = await head.post(`/api/tasks/${taskId}/guests`, {
      guestName: ' ',
      guestEmail: 'nav-adrese',
      purpose: 'comment',
      validUntil: inDays(40),
    });
    expect(refused.status).toBe(400);
    const problems = (await body<{ problems: { field: string }[] }>(refused)).problems.map((p) => p.field);
    expect(problems).toEqual(expect.arrayContaining(['guestName', 'guestEmail', 'validUntil']));

    const unknownField = await head.post(`/api/tasks/${taskId}/guests`, {
      guestName: 'Ieva',
      guestEmail: 'ieva@vid.gov.lv',
      purpose: 'approve',
      validUntil: inDays(3),
      token: 'mine',
    });
    expect(unknownField.status).toBe(400);
    expect(await body<Invitation[]>(await head.get(`/api/tasks/${taskId}/guests`))).toEqual([]);
  });

  it('lets only the head who holds the task invite, and only the inviter or an administrator change it', async () => {
    const { taskId } = await headTask('Par skolas jumtu');
    const head = await world.as('head');
    const invite = (as: Awaited<ReturnType<ApiWorld['as']>>) =>
      as.post(`/api/tasks/${taskId}/guests`, {
        guestName: 'Jānis',
        guestEmail: 'janis@lvm.lv',
        purpose: 'comment',
        validUntil: inDays(2),
      });

    // The registrar sees the document but holds no task; the executor may not see it at all.
    expect((await invite(await world.as('registrar'))).status).toBe(403);
    expect((await invite(await world.as('executor'))).status).toBe(404);
    expect((await invite(await world.as('auditor'))).status).toBe(403);

    const invitation = await body<Invitation>(await invite(head));
    const registrar = await world.as('registrar');
    expect((await registrar.post(`/api/tasks/${taskId}/guests/${invitation.id}/revoke`)).status).toBe(403);
    const admin = await world.as('admin');
    expect((await admin.post(`/api/tasks/${taskId}/guests/${invitation.id}/revoke`)).status).toBe(200);
  });

  it('answers 404 for an invitation of another task', async () => {
    const first = await headTask('Par tiltu');
    const second = await headTask('Par ceļu');
    const head = await world.as('head');
    const invitation = await body<Invitation>(
      await head.post(`/api/tasks/${first.taskId}/guests`, {
        guestName: 'Anna',
        guestEmail: 'anna@vid.gov.lv',
        purpose: 'comment',
        validUntil: inDays(1),
      }),
    );

    expect((await head.post(`/api/tasks/${second.taskId}/guests/${invitation.id}/revoke`)).status).toBe(404);
    expect((await body<Invitation[]>(await head.get(`/api/tasks/${first.taskId}/guests`)))[0]?.state).toBe(
      'active',
    );
  });
});
