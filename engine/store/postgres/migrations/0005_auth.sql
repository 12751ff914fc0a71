-- Login: failed-attempt counters with temporary lockout, and stored browser sessions.

-- One row per throttled key (`user:<name>` or `ip:<address>`); an upsert per failure.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL CHECK (failures > 0),
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);

CREATE TABLE sessions (
  sid text PRIMARY KEY,
  -- Deleting a user ends their sessions; deactivation deletes them explicitly.
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  data jsonb NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id ON sessions (user_id);
