/** The intake mailboxes an administrator configured (migration 0035); passwords only for the poller. */
import { randomUUID } from 'node:crypto';
import { NotFound } from '../../errors.js';
import type { Queryable } from '../db.js';
import { isUuid } from '../ids.js';
import type { IntakeAccount, IntakeAccountRepository, NewIntakeAccount } from '../intakeAccountPorts.js';
import { rethrowConstraint } from './sqlErrors.js';

interface AccountRow {
  id: string;
  address: string;
  host: string;
  port: number;
  secure: boolean;
  username: string;
  folder: string;
  move_to: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  password?: string;
}

const COLUMNS = 'id, address, host, port, secure, username, folder, move_to, active, created_at, updated_at';

const accountOf = (row: AccountRow): IntakeAccount => ({
  id: row.id,
  address: row.address,
  host: row.host,
  port: Number(row.port),
  secure: row.secure,
  user: row.username,
  folder: row.folder,
  moveTo: row.move_to,
  active: row.active,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

export function intakeAccountRepository(db: Queryable): IntakeAccountRepository {
  return {
    async list() {
      const rows = await db.query<AccountRow>(`SELECT ${COLUMNS} FROM intake_accounts ORDER BY address, id`);
      return rows.map(accountOf);
    },

    async insert(account: NewIntakeAccount, now: Date) {
      try {
        const [row] = await db.query<AccountRow>(
          `INSERT INTO intake_accounts
             (id, address, host, port, secure, username, password, folder, move_to, active, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true, $10, $10)
           RETURNING ${COLUMNS}`,
          [
            randomUUID(),
            account.address,
            account.host,
            account.port,
            account.secure,
            account.user,
            account.password,
            account.folder,
            account.moveTo,
            now,
          ],
        );
        return accountOf(row as AccountRow);
      } catch (error) {
        rethrowConstraint(error, `the mailbox ${account.user} on ${account.host} (${account.folder})`);
      }
    },

    async setActive(id: string, active: boolean, now: Date) {
      const [row] = isUuid(id)
        ? await db.query<AccountRow>(
            `UPDATE intake_accounts SET active = $2, updated_at = $3 WHERE id = $1 RETURNING ${COLUMNS}`,
            [id, active, now],
          )
        : [];
      if (!row) throw new NotFound('No such mailbox.', 'refusal.noSuchMailbox');
      return accountOf(row);
    },

    async activeWithPasswords() {
      const rows = await db.query<AccountRow>(
        `SELECT ${COLUMNS}, password FROM intake_accounts WHERE active ORDER BY address, id`,
      );
      return rows.map((row) => ({ ...accountOf(row), password: row.password ?? '' }));
    },
  };
}
