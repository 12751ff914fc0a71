-- Substitutions: a deputy acts for an absent principal from one date to another (both inclusive,
-- calendar dates in the institution's time zone). A revoked substitution stays, for the record.
CREATE TABLE substitutions (
  id uuid PRIMARY KEY,
  principal_id uuid NOT NULL REFERENCES users (id),
  deputy_id uuid NOT NULL REFERENCES users (id),
  from_date date NOT NULL,
  to_date date NOT NULL,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES users (id),
  CHECK (principal_id <> deputy_id),
  CHECK (from_date <= to_date)
);
-- Every request of a deputy asks this one: whom do I act for today?
CREATE INDEX substitutions_deputy_active ON substitutions (deputy_id, from_date, to_date) WHERE revoked_at IS NULL;
CREATE INDEX substitutions_principal ON substitutions (principal_id);

-- A department that has had users or documents is deactivated, never deleted.
ALTER TABLE departments ADD COLUMN active boolean NOT NULL DEFAULT true;
