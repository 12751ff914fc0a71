-- Intake mailboxes configured by an administrator (issue 17, part 2), read besides the one of
-- IMAP_URL. The password is kept for the poller and never listed back; how far each mailbox was read
-- stays in intake_mailboxes, under its key (account, server and folder).

CREATE TABLE intake_accounts (
  id uuid PRIMARY KEY,
  address text NOT NULL CHECK (length(address) BETWEEN 3 AND 254),
  host text NOT NULL CHECK (length(host) BETWEEN 1 AND 253),
  port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
  secure boolean NOT NULL,
  username text NOT NULL CHECK (length(username) BETWEEN 1 AND 254),
  password text NOT NULL CHECK (length(password) BETWEEN 1 AND 1000),
  folder text NOT NULL CHECK (length(folder) BETWEEN 1 AND 255),
  move_to text CHECK (move_to IS NULL OR length(move_to) BETWEEN 1 AND 255),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (username, host, port, folder)
);
