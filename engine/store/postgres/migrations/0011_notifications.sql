-- In-app notifications, the e-mail outbox that carries them to mailboxes, and comments on tasks.

-- What a person is told: kind + params, rendered in the reader's language when shown.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  recipient_id uuid NOT NULL REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN ('task_assigned', 'task_offered', 'task_returned', 'task_due_soon',
                                     'task_overdue', 'message', 'substitution_granted')),
  task_id uuid REFERENCES tasks (id),
  document_id uuid REFERENCES documents (id),
  instance_id uuid REFERENCES process_instances (id),
  params jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, created_at DESC);
-- The count badge on every page reads this one.
CREATE INDEX notifications_unread ON notifications (recipient_id) WHERE read_at IS NULL;

-- Mails waiting to be sent: written in the transaction of the step that caused them, sent later by
-- the outbox sender, which claims rows with FOR UPDATE SKIP LOCKED (any number of servers).
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY,
  notification_id uuid REFERENCES notifications (id),
  recipient text NOT NULL CHECK (recipient LIKE '%@%'),
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  -- While 'sending': after this instant a crashed sender's claim may be taken over.
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status IN ('queued', 'sending');

-- Comments written on a task (and so on its document), or on a document directly.
CREATE TABLE task_comments (
  id uuid PRIMARY KEY,
  task_id uuid REFERENCES tasks (id),
  document_id uuid REFERENCES documents (id),
  author_id uuid REFERENCES users (id),
  author_name text NOT NULL,
  on_behalf_of_id uuid REFERENCES users (id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL,
  CHECK (task_id IS NOT NULL OR document_id IS NOT NULL)
);
CREATE INDEX task_comments_task ON task_comments (task_id, created_at);
CREATE INDEX task_comments_document ON task_comments (document_id, created_at);
