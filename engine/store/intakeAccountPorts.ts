/**
 * Port of the intake mailboxes an administrator configures (issue 17, part 2), besides the one of
 * IMAP_URL: where each is, as whom it is read, and whether it is read. The password is written and
 * given to the poller only; every listing leaves it out, so no page or answer can print it back.
 */

/** A configured mailbox as pages list it: everything but the password. */
export interface IntakeAccount {
  id: string;
  /** The address people write to, shown to clerks (`registry@novads.lv`). */
  address: string;
  host: string;
  port: number;
  /** true: TLS from the first byte (imaps); false: STARTTLS when offered. */
  secure: boolean;
  user: string;
  folder: string;
  moveTo: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewIntakeAccount = Omit<IntakeAccount, 'id' | 'active' | 'createdAt' | 'updatedAt'> & {
  password: string;
};

export interface IntakeAccountRepository {
  /** Every configured mailbox, by address; without passwords. */
  list(): Promise<IntakeAccount[]>;
  insert(account: NewIntakeAccount, now: Date): Promise<IntakeAccount>;
  /** Reads a mailbox again or stops reading it; NotFound for an unknown id. */
  setActive(id: string, active: boolean, now: Date): Promise<IntakeAccount>;
  /** The mailboxes to read, with their passwords: for the poller only. */
  activeWithPasswords(): Promise<(IntakeAccount & { password: string })[]>;
}
