-- Versioned BPMN process definitions. The key is the id of the executable process; deploying the
-- same key again makes the next version, and running instances stay on the version they started with.
CREATE TABLE process_definitions (
  id uuid PRIMARY KEY,
  key text NOT NULL CHECK (key <> ''),
  version integer NOT NULL CHECK (version > 0),
  name text,
  -- SHA-256 of the XML, hex: identical XML redeployed returns the existing version.
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  xml text NOT NULL CHECK (xml <> ''),
  deployed_by uuid REFERENCES users (id),
  deployed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (key, version)
);
CREATE INDEX process_definitions_key_hash ON process_definitions (key, hash);
