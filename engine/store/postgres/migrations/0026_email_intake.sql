-- E-mail intake (issue 17, part 2): messages read from IMAP mailboxes become intake items that a
-- registrar registers, attaches to an existing document, or sets aside. Exactly once: a message is
-- one row per (mailbox, UIDVALIDITY, UID) and one row per dedupe key (its Message-ID, or the SHA-256
-- of its source when it has none); the mailbox row keeps how far the mailbox was read and a lease,
-- so that of several servers polling one mailbox one reads it at a time.

CREATE TABLE intake_mailboxes (
  mailbox text PRIMARY KEY CHECK (length(mailbox) BETWEEN 1 AND 1000),
  uid_validity bigint,
  last_uid bigint NOT NULL DEFAULT 0,
  lease_holder text,
  lease_until timestamptz,
  updated_at timestamptz NOT NULL
);

CREATE TABLE intake_items (
  id uuid PRIMARY KEY,
  mailbox text NOT NULL,
  uid_validity bigint NOT NULL,
  uid bigint NOT NULL,
  dedupe_key text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 1000),
  message_id text,
  from_address text,
  from_name text,
  subject text NOT NULL DEFAULT '' CHECK (length(subject) <= 1000),
  sent_at timestamptz,
  received_at timestamptz NOT NULL,
  body_text text NOT NULL DEFAULT '',
  in_reply_to text,
  reference_ids jsonb NOT NULL DEFAULT '[]',
  eml_sha256 text CHECK (eml_sha256 ~ '^[0-9a-f]{64}$'),
  eml_size integer,
  attachments jsonb NOT NULL DEFAULT '[]',
  problems jsonb NOT NULL DEFAULT '[]',
  correspondent_id uuid REFERENCES correspondents (id),
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'registered', 'attached', 'set_aside')),
  document_id uuid REFERENCES documents (id),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note text,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (mailbox, uid_validity, uid),
  UNIQUE (dedupe_key)
);
CREATE INDEX intake_items_status ON intake_items (status, received_at DESC);
CREATE INDEX intake_items_message_id ON intake_items (message_id) WHERE message_id IS NOT NULL;
