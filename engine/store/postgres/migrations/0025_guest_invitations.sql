-- Guests from other institutions (issue 18): a person who holds a task invites an outside person by
-- e-mail to that one task of one document, to comment or to endorse, until a set time. The guest
-- has no account (no users row): they sign in by a one-time link, whose token is kept only as its
-- SHA-256 hash, used once, and valid for a short while; a revoked or expired invitation opens nothing.

CREATE TABLE guest_invitations (
  id uuid PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES documents (id),
  task_id uuid NOT NULL REFERENCES tasks (id),
  inviter_id uuid NOT NULL REFERENCES users (id),
  guest_name text NOT NULL CHECK (length(guest_name) BETWEEN 1 AND 200),
  guest_email text NOT NULL CHECK (length(guest_email) BETWEEN 3 AND 254),
  purpose text NOT NULL CHECK (purpose IN ('comment', 'endorse')),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  CHECK (expires_at > created_at)
);
CREATE INDEX guest_invitations_task ON guest_invitations (task_id, created_at);
CREATE INDEX guest_invitations_document ON guest_invitations (document_id, created_at);

CREATE TABLE guest_sign_in_tokens (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  invitation_id uuid NOT NULL REFERENCES guest_invitations (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX guest_sign_in_tokens_invitation ON guest_sign_in_tokens (invitation_id);
