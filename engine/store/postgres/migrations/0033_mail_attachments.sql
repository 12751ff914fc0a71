-- Answers leave by e-mail (issue 17, part 3): an outbox mail may carry files — the letter's PDF
-- (stored through the blob store when the letter is dispatched) and the letter's attachments —
-- named by the SHA-256 of their bytes, with the file name and content type the mail gives them.
-- The sender reads the bytes from the blob store at each attempt. The SMTP Message-ID the server
-- was handed is kept on the mail once it is sent.

ALTER TABLE mail_outbox ADD COLUMN message_id text;

CREATE TABLE mail_outbox_attachments (
  mail_id uuid NOT NULL REFERENCES mail_outbox (id),
  position integer NOT NULL CHECK (position >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  PRIMARY KEY (mail_id, position)
);
CREATE INDEX mail_outbox_attachments_sha256 ON mail_outbox_attachments (sha256);
