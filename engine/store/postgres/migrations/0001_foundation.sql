-- Departments, users and roles, registers, gapless counters, documents, append-only audit trail.

CREATE TABLE departments (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code <> ''),
  name text NOT NULL CHECK (name <> ''),
  parent_id uuid REFERENCES departments (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL CHECK (username <> ''),
  display_name text NOT NULL,
  email text,
  department_id uuid REFERENCES departments (id),
  source text NOT NULL CHECK (source IN ('local', 'ldap')),
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Directory logins are case-insensitive: `Anna` and `anna` are one person.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('registrar', 'head', 'dept_head', 'executor', 'designer', 'admin', 'auditor')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE registers (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code <> ''),
  name text NOT NULL CHECK (name <> ''),
  kind text NOT NULL CHECK (kind IN ('incoming', 'outgoing', 'internal', 'order', 'application')),
  number_pattern text NOT NULL CHECK (number_pattern LIKE '%{seq%'),
  yearly_reset boolean NOT NULL DEFAULT true,
  department_id uuid REFERENCES departments (id),
  process_key text,
  answer_deadline_rule text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (register, year); its row lock, held to the end of the registering transaction,
-- is what makes registration numbers gapless under concurrency.
CREATE TABLE counters (
  register_id uuid NOT NULL REFERENCES registers (id),
  year integer NOT NULL CHECK (year >= 0),
  value integer NOT NULL CHECK (value >= 0),
  PRIMARY KEY (register_id, year)
);

CREATE TABLE documents (
  id uuid PRIMARY KEY,
  register_id uuid NOT NULL REFERENCES registers (id),
  year integer NOT NULL,
  sequence integer NOT NULL CHECK (sequence > 0),
  registration_number text NOT NULL,
  registered_on date NOT NULL,
  subject text NOT NULL,
  status text NOT NULL,
  confidentiality text NOT NULL CHECK (confidentiality IN ('public', 'internal', 'restricted')),
  due_date date,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  UNIQUE (register_id, year, sequence),
  UNIQUE (register_id, registration_number)
);

CREATE TABLE audit_events (
  seq bigint PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor_id uuid,
  actor_name text NOT NULL,
  on_behalf_of_id uuid,
  action text NOT NULL,
  object_type text NOT NULL,
  object_id text,
  details jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
CREATE INDEX audit_events_actor ON audit_events (actor_id, occurred_at);
CREATE INDEX audit_events_time ON audit_events (occurred_at);

-- The head of the hash chain. Appending locks this single row, so events get gapless sequence
-- numbers and each hash covers its predecessor even with concurrent writers.
CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE FUNCTION audit_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_are_append_only();
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_append_only();
