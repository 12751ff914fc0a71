-- A second factor for local administrators (issue 18): a TOTP secret per user (RFC 6238), in force
-- from `enrolled_at` (NULL while the person is still enrolling), and the last time step accepted, so
-- that a code seen once is refused for the rest of its window. Recovery codes are one-time and kept
-- only as SHA-256 hashes; removing the factor removes them.
CREATE TABLE user_second_factors (
  user_id uuid PRIMARY KEY REFERENCES users (id),
  secret text NOT NULL CHECK (secret ~ '^[A-Z2-7]{16,128}$'),
  created_at timestamptz NOT NULL,
  enrolled_at timestamptz,
  last_time_step bigint
);

CREATE TABLE user_recovery_codes (
  user_id uuid NOT NULL REFERENCES user_second_factors (user_id) ON DELETE CASCADE,
  code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);
