-- API tokens for integrations: each acts as a named user. Only the SHA-256 of a token is kept, so a
-- copy of the database does not hand out working tokens; a revoked token stays, for the record.
CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  user_id uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id)
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
