import { randomUUID } from 'node:crypto';
import { Conflict, NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import type {
  GuestInvitation,
  GuestInvitationRepository,
  GuestPurpose,
  NewGuestInvitation,
} from '../guestPorts.js';
import { isUuid } from '../ids.js';
import { rethrowConstraint } from './sqlErrors.js';

interface InvitationRow {
  id: string;
  document_id: string;
  task_id: string;
  inviter_id: string;
  guest_name: string;
  guest_email: string;
  purpose: string;
  expires_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
  created_at: Date;
}

const toInvitation = (row: InvitationRow): GuestInvitation => ({
  id: row.id,
  documentId: row.document_id,
  taskId: row.task_id,
  inviterId: row.inviter_id,
  guestName: row.guest_name,
  guestEmail: row.guest_email,
  purpose: row.purpose as GuestPurpose,
  expiresAt: new Date(row.expires_at),
  revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  revokedBy: row.revoked_by,
  createdAt: new Date(row.created_at),
});

const COLUMNS =
  'id, document_id, task_id, inviter_id, guest_name, guest_email, purpose, expires_at, revoked_at, revoked_by, created_at';

export function guestInvitationRepository(db: Queryable): GuestInvitationRepository {
  return {
    async insert(invitation: NewGuestInvitation) {
      const [row] = await db.query<InvitationRow>(
        `INSERT INTO guest_invitations
           (id, document_id, task_id, inviter_id, guest_name, guest_email, purpose, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          randomUUID(),
          invitation.documentId,
          invitation.taskId,
          invitation.inviterId,
          invitation.guestName,
          invitation.guestEmail,
          invitation.purpose,
          invitation.expiresAt,
          invitation.createdAt,
        ],
      );
      return toInvitation(row as InvitationRow);
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const [row] = await db.query<InvitationRow>(`SELECT ${COLUMNS} FROM guest_invitations WHERE id = $1`, [
        id,
      ]);
      return row ? toInvitation(row) : null;
    },
    async listByTask(taskId) {
      if (!isUuid(taskId)) return [];
      const rows = await db.query<InvitationRow>(
        `SELECT ${COLUMNS} FROM guest_invitations WHERE task_id = $1 ORDER BY created_at DESC, id`,
        [taskId],
      );
      return rows.map(toInvitation);
    },
    async revoke(id, revokedBy, at) {
      if (!isUuid(id)) throw new NotFound('No such invitation.', 'refusal.noSuchInvitation');
      const [row] = await db.query<InvitationRow>(
        `UPDATE guest_invitations SET revoked_at = $2, revoked_by = $3
          WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
        [id, at, revokedBy],
      );
      if (row) return toInvitation(row);
      const [exists] = await db.query('SELECT 1 FROM guest_invitations WHERE id = $1', [id]);
      if (!exists) throw new NotFound('No such invitation.', 'refusal.noSuchInvitation');
      throw new Conflict('The invitation is already revoked.', 'refusal.invitationRevokedAlready');
    },
    async insertToken(token) {
      try {
        await db.query(
          `INSERT INTO guest_sign_in_tokens (token_hash, invitation_id, created_at, expires_at)
           VALUES ($1, $2, $3, $4)`,
          [token.tokenHash, token.invitationId, token.createdAt, token.expiresAt],
        );
      } catch (error) {
        rethrowConstraint(error, 'guest sign-in link');
      }
    },
    async useToken(tokenHash, at) {
      const [used] = await db.query<{ invitation_id: string }>(
        `UPDATE guest_sign_in_tokens SET used_at = $2
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING invitation_id`,
        [tokenHash, at],
      );
      if (used) return { outcome: 'used_now', invitationId: used.invitation_id };
      const [row] = await db.query<{ used_at: Date | null }>(
        'SELECT used_at FROM guest_sign_in_tokens WHERE token_hash = $1',
        [tokenHash],
      );
      if (!row) return { outcome: 'unknown' };
      return { outcome: row.used_at === null ? 'expired' : 'used' };
    },
  };
}
